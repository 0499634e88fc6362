package dev.atrium.scaffolder.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.LogCapture;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The redaction sweep: tasks with a secret parameter run to completion, fail with the secret in an
 * error, are retried, dry-run and tested; then every log line written meanwhile and every API
 * response (task, list, events, event stream, dry run, template test, errors) is checked for the
 * secret, and so are the tables. Files rendered from a secret are encrypted at rest and masked in
 * dry-run answers.
 */
@QuarkusTest
class RedactionSweepTest extends ScaffolderTestSupport {
    static final String SKELETON = FIXTURES.resolve("templates/skeletons/secret/config.txt").toString();

    @Inject
    SecretCipher cipher;

    private final List<String> responses = new ArrayList<>();

    @Test
    void aSecretParameterNeverReachesALogAnAnswerOrATableInTheClear() throws Exception {
        String secret = "sw33p-" + UUID.randomUUID();
        String refused = "sw33p" + UUID.randomUUID(); // fails the pattern: the 400 must not echo it
        String token = alice();
        List<String> logs;
        String completed;
        String failed;
        try (LogCapture capture = LogCapture.start()) {
            TemplateBuilder good = template("redaction", "./skeletons/secret");
            TemplateBuilder bad = template("redaction-fails", "./skeletons/${{ secrets.apiKey }}");
            String goodRef = stub(good);
            String badRef = stub(bad);

            completed = id(record(as(token).body(Map.of("templateRef", goodRef, "values", Map.of("name", "cart", "apiKey", secret)))
                    .post(API + "/tasks")), 201);
            record(as(token).accept("text/event-stream").get(API + "/tasks/" + completed + "/eventstream"));
            JsonPath task = awaitTask(token, completed);
            assertEquals("completed", task.getString("status"), task.prettify());
            record(as(token).get(API + "/tasks/" + completed));
            record(as(token).get(API + "/tasks?createdBy=user:default/alice"));
            record(as(admin()).get(API + "/tasks?limit=50"));
            Response events = record(as(token).get(API + "/tasks/" + completed + "/events"));
            assertTrue(events.asString().contains("Using key *** for cart"), events.asString());
            assertTrue(events.asString().contains("api key: ***"), "listWorkspace with-contents is masked: " + events.asString());

            failed = id(record(as(token).body(Map.of("templateRef", badRef, "values", Map.of("name", "cart", "apiKey", secret)))
                    .post(API + "/tasks")), 201);
            JsonPath failure = awaitTask(token, failed, "failed");
            assertTrue(failure.getString("error").contains("./skeletons/***"), failure.getString("error"));
            record(as(token).get(API + "/tasks/" + failed));
            record(as(token).get(API + "/tasks/" + failed + "/events"));
            assertWorkspaceEncrypted(failed, secret);
            record(as(token).body(Map.of("secrets", Map.of("apiKey", secret))).post(API + "/tasks/" + failed + "/retry"));
            awaitTask(token, failed, "failed");
            record(as(token).get(API + "/tasks/" + failed + "/events"));
            record(as(token).accept("text/event-stream").get(API + "/tasks/" + failed + "/eventstream"));

            Response invalid = record(as(token).body(Map.of("templateRef", goodRef, "values", Map.of("name", "cart", "apiKey", refused)))
                    .post(API + "/tasks"));
            assertEquals(400, invalid.statusCode(), invalid.asString());

            String file = Base64.getEncoder().encodeToString(Files.readAllBytes(java.nio.file.Path.of(SKELETON)));
            Response dryRun = record(as(token).body(Map.of("template", good.location("file:/templates/template.yaml").entity(),
                    "values", Map.of("name", "cart", "apiKey", secret),
                    "directoryContents", List.of(Map.of("path", "skeletons/secret/config.txt", "base64Content", file))))
                    .post(API + "/dry-run"));
            assertEquals(200, dryRun.statusCode(), dryRun.asString());
            assertEquals("completed", dryRun.path("status"), dryRun.asString());
            String rendered = new String(Base64.getDecoder().decode(dryRun.jsonPath().getString(
                    "directoryContents.find { it.path == 'config.txt' }.base64Content")), StandardCharsets.UTF_8);
            assertEquals("name: cart\napi key: ***\n", rendered, "a file rendered from a secret is masked in the answer");
            responses.add(rendered);

            Response test = record(as(token).body(Map.of("values", Map.of("name", "cart", "apiKey", secret)))
                    .post(API + "/templates/default/template/" + good.name() + "/test"));
            assertEquals(200, test.statusCode(), test.asString());
            for (Object f : test.jsonPath().getList("directoryContents.base64Content")) {
                responses.add(new String(Base64.getDecoder().decode(f.toString()), StandardCharsets.UTF_8));
            }
            logs = capture.lines();
        }

        // the capture sees the application's log: both tasks' outcomes, the failure redacted
        assertEquals(1, logs.stream().filter(l -> l.contains("task " + completed + " completed")).count(), String.join("\n", logs));
        assertTrue(logs.stream().anyMatch(l -> l.contains("task " + failed + " failed") && l.contains("./skeletons/***")), String.join("\n", logs));
        for (String value : List.of(secret, refused, b64(secret), token)) {
            assertEquals(List.of(), logs.stream().filter(l -> l.contains(value)).toList(), "log lines with a secret or the token");
            assertEquals(List.of(), responses.stream().filter(r -> r.contains(value)).toList(), "answers with a secret or the token");
        }
        for (String table : List.of("tasks", "task_steps", "task_events", "outbox", "task_surveys")) {
            assertEquals(0, count("SELECT count(*) FROM " + table + " t WHERE t::text LIKE '%' || ? || '%'", secret), table);
            assertEquals(0, count("SELECT count(*) FROM " + table + " t WHERE t::text LIKE '%' || ? || '%'", refused), table);
        }
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", completed));
    }

    private static TemplateBuilder template(String name, String skeleton) {
        return TemplateBuilder.v1beta3(name)
                .location("file:" + FIXTURES.resolve("templates/redaction.yaml"))
                .parameters(Map.of("name", Map.of("type", "string"),
                        "apiKey", Map.of("type", "string", "ui:field", "Secret", "pattern", "^sw33p-")), "name", "apiKey")
                .step("log", "debug:log", Map.of("message", "Using key ${{ secrets.apiKey }} for ${{ parameters.name }}"))
                .step("render", "fetch:template", Map.of("url", "./skeletons/secret",
                        "values", Map.of("name", "${{ parameters.name }}", "apiKey", "${{ secrets.apiKey }}")))
                .step("list", "debug:log", Map.of("listWorkspace", "with-contents"))
                .step("more", "fetch:template", Map.of("url", skeleton, "targetPath", "again",
                        "values", Map.of("name", "${{ parameters.name }}", "apiKey", "${{ secrets.apiKey }}")))
                .output(Map.of("text", List.of(Map.of("title", "Key", "content", "key=${{ secrets.apiKey }}"))));
    }

    /** A failed task's workspace (it holds a file rendered from the secret) is stored encrypted. */
    private void assertWorkspaceEncrypted(String taskId, String secret) throws IOException, SQLException {
        byte[] stored;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT archive FROM task_workspaces WHERE task_id = ?::uuid")) {
            s.setString(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "the failed task keeps its workspace for a retry");
                stored = rs.getBytes(1);
            }
        }
        assertFalse(stored[0] == 'P' && stored[1] == 'K', "not a plain zip archive");
        byte[] archive = cipher.openWorkspace(UUID.fromString(taskId), stored);
        String config = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("config.txt")) {
                    config = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals("name: cart\napi key: " + secret + "\n", config, "the workspace itself is intact once decrypted");
    }

    private Response record(Response response) {
        responses.add(response.asString());
        return response;
    }

    private static String id(Response response, int status) {
        assertEquals(status, response.statusCode(), response.asString());
        return response.path("id");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
