package dev.atrium.scaffolder.secret;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.testing.TestTokens;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import dev.atrium.scaffolder.task.TaskService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A task keeps its requester's bearer token (encrypted) only while it can run: the token is deleted
 * when the task ends, and a step that finds it expired, or whose call another service answers with
 * 401, fails with "the requester's session expired; retry the task". A retry stores the retrying
 * user's fresh token. Failed tasks' other secrets are deleted after the retention.
 */
@QuarkusTest
class RequesterTokenTest extends ScaffolderTestSupport {
    static final String LOCATIONS = "/auth/catalog-stub/api/catalog/locations";

    @Inject
    SecretCipher cipher;

    @Inject
    SecretRetention retention;

    @Test
    void theTokenIsHeldWhileTheTaskWaitsAndDeletedWhenItCompletes() {
        String token = alice();
        String ref = stub(TemplateBuilder.v1beta3("token-life")
                .step("gate", "gate:approval", Map.of("approvers", "group:default/platform-team", "timeout", "PT1H"))
                .step("done", "debug:log", Map.of("message", "done")));
        String id = scaffold(token, ref, Map.of());
        awaitStep(token, id, "gate", "waiting");
        assertEquals(Optional.of(token), secrets(id).map(s -> s.get(TaskService.TOKEN_SECRET)), "kept, encrypted, while the task can run");
        assertFalse(storedBytesContain(id, token), "never stored in the clear");

        as(admin()).body("{}").post(API + "/tasks/" + id + "/steps/gate/approve").then().statusCode(200);
        awaitTask(token, id, "completed");
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", id), "deleted when the task completed");
    }

    @Test
    void aFailedTaskKeepsItsSecretsForARetryButNotTheToken() {
        String id = scaffold(alice(), stubTemplate("failing.yaml", null), Map.of());
        // the failing fixture has no secrets of its own: only the token was kept, so nothing is left
        awaitTask(alice(), id, "failed");
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", id));

        String ref = stub(TemplateBuilder.v1beta3("failing-with-secret")
                .parameters(Map.of("apiKey", Map.of("type", "string", "ui:field", "Secret")), "apiKey")
                .step("broken", "fetch:template", Map.of("url", "bundled:does-not-exist")));
        String failed = scaffold(alice(), ref, Map.of("apiKey", "kept-for-retry-" + UUID.randomUUID()));
        awaitTask(alice(), failed, "failed");
        Map<String, String> kept = secrets(failed).orElseThrow();
        assertEquals(List.of("apiKey"), List.copyOf(kept.keySet()), "the secret parameter stays for a retry, the token does not");
    }

    @Test
    void aDownstream401FailsTheStepWithAClearMessage() {
        var refused = wiremock.stubFor(post(urlPathEqualTo(LOCATIONS)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"name\":\"AuthenticationError\",\"message\":\"expired\"}}")));
        String id = scaffold(alice(), stub(register("session-401")), Map.of());
        JsonPath task;
        try {
            task = awaitTask(alice(), id, "failed");
        } finally {
            wiremock.removeStub(refused);
        }
        assertEquals("Step register failed: catalog-service refused the requester's token (HTTP 401): "
                + "the requester's session expired; retry the task", task.getString("error"));
        assertEquals(task.getString("error").substring("Step register failed: ".length()),
                task.getString("steps.find { it.id == 'register' }.error"));
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", id), "the token is gone with the failure");
    }

    @Test
    void aStepThatRunsAfterTheTokenExpiredFailsWithoutSendingItAndARetryUsesAFreshOne() {
        String shortLived = Jwt.preferredUserName("alice").subject("sub-alice").issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("groups", List.of("payments-team")).claim("realm_access", Map.of("roles", List.of())).expiresIn(5).sign();
        TemplateBuilder template = register("session-expiry");
        String id = scaffold(shortLived, stub(template), Map.of("delay", 7000));
        JsonPath task = awaitTask(alice(), id, "failed");
        String error = task.getString("error");
        assertTrue(error.startsWith("Step register failed: The requester's token expired at "), error);
        assertTrue(error.endsWith("before step register could call another service with it: the requester's session expired; retry the task"), error);
        assertEquals("completed", task.getString("steps.find { it.id == 'wait' }.status"));
        wiremock.verify(0, postRequestedFor(urlPathEqualTo(LOCATIONS)).withHeader("Authorization", equalTo("Bearer " + shortLived)));

        var registered = wiremock.stubFor(post(urlPathEqualTo(LOCATIONS)).withQueryParam("dryRun", absent()).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"location\":{\"id\":\"l1\"},\"entities\":[]}")));
        var dryRun = wiremock.stubFor(post(urlPathEqualTo(LOCATIONS)).withQueryParam("dryRun", equalTo("true")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"entities\":[{\"kind\":\"Component\",\"metadata\":"
                        + "{\"name\":\"session-demo\",\"namespace\":\"default\"}}]}")));
        String fresh = alice();
        as(fresh).body("{}").post(API + "/tasks/" + id + "/retry").then().statusCode(201);
        JsonPath retried;
        try {
            retried = awaitTask(fresh, id);
        } finally {
            wiremock.removeStub(registered);
            wiremock.removeStub(dryRun);
        }
        assertEquals("completed", retried.getString("status"), retried.prettify());
        assertEquals("component:default/session-demo", retried.getString("output.links[0].entityRef"));
        wiremock.verify(postRequestedFor(urlPathEqualTo(LOCATIONS)).withHeader("Authorization", equalTo("Bearer " + fresh)));
        assertEquals(1, count("SELECT count(*) FROM task_events WHERE task_id = ?::uuid AND body->>'message' = 'waited'", id),
                "the retry resumed at the failed step");
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", id));
    }

    @Test
    void failedTasksLoseTheirSecretsAfterTheRetention() {
        String ref = stub(TemplateBuilder.v1beta3("retention")
                .parameters(Map.of("apiKey", Map.of("type", "string", "format", "password")), "apiKey")
                .step("files", "fetch:template", Map.of("url", "bundled:hello-world", "values", Map.of("name", "kept")))
                .step("broken", "fetch:template", Map.of("url", "bundled:does-not-exist")));
        String old = scaffold(alice(), ref, Map.of("apiKey", "old-secret-" + UUID.randomUUID()));
        String recent = scaffold(alice(), ref, Map.of("apiKey", "recent-secret-" + UUID.randomUUID()));
        awaitTask(alice(), old, "failed");
        awaitTask(alice(), recent, "failed");
        assertEquals(1, count("SELECT count(*) FROM task_workspaces WHERE task_id = ?::uuid", old), "the workspace is kept for a retry");
        update("UPDATE tasks SET finished_at = now() - interval '8 days' WHERE id = ?::uuid", old);

        assertTrue(retention.sweep() >= 1);
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", old));
        assertEquals(0, count("SELECT count(*) FROM task_workspaces WHERE task_id = ?::uuid", old));
        assertEquals(1, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", recent), "within the retention: kept");
        assertEquals(1, count("SELECT count(*) FROM task_workspaces WHERE task_id = ?::uuid", recent));
        assertEquals("failed", text("SELECT status FROM tasks WHERE id = ?::uuid", old), "the task itself stays");
    }

    /** debug:wait for {@code parameters.delay} ms, then catalog:register with the requester's token. */
    private static TemplateBuilder register(String name) {
        return TemplateBuilder.v1beta3(name)
                .parameters(Map.of("delay", Map.of("type", "integer", "default", 0)))
                .step("wait", "debug:wait", Map.of("milliseconds", "${{ parameters.delay }}"))
                .step("waited", "debug:log", Map.of("message", "waited"))
                .step("register", "catalog:register", Map.of("catalogInfoUrl", "https://git.example.com/acme/session-demo/blob/main/catalog-info.yaml"))
                .output(Map.of("links", List.of(Map.of("title", "Catalog", "entityRef", "${{ steps.register.output.entityRef }}"))));
    }

    private Optional<Map<String, String>> secrets(String taskId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT nonce, ciphertext FROM task_secrets WHERE task_id = ?::uuid")) {
            s.setString(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(cipher.open(UUID.fromString(taskId), rs.getBytes(1), rs.getBytes(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean storedBytesContain(String taskId, String value) {
        return count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid AND position(convert_to(?, 'UTF8') in ciphertext) > 0",
                taskId, value) > 0
                || count("SELECT count(*) FROM tasks WHERE id = ?::uuid AND spec::text LIKE '%' || ? || '%'", taskId, value) > 0;
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
