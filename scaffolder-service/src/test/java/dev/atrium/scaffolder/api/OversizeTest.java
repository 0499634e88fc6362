package dev.atrium.scaffolder.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Oversized input is a 413 in the error body of DESIGN §4 and changes nothing: bodies over 1 MiB on
 * every write endpoint (with or without a Content-Length), and secrets over their own bounds.
 */
@QuarkusTest
class OversizeTest extends ScaffolderTestSupport {
    static final String TASK = "00000000-0000-4000-8000-000000000000";

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/api/scaffolder/v2/tasks",
        "/api/scaffolder/v2/dry-run",
        "/api/scaffolder/v2/actions/debug:log/invoke",
        "/api/scaffolder/v2/templates/default/template/x/test",
        "/api/scaffolder/v2/tasks/" + TASK + "/retry",
        "/api/scaffolder/v2/tasks/" + TASK + "/survey",
        "/api/scaffolder/v2/tasks/" + TASK + "/steps/gate/approve"
    })
    void bodiesOverOneMebibyteAre413(String path) {
        long tasks = tasksTotal();
        String body = "{\"templateRef\":\"template:default/x\",\"values\":{\"blob\":\"" + "x".repeat(1_100_000) + "\"}}";
        as(alice()).body(body).post(path).then().statusCode(413)
                .body("error.name", equalTo("PayloadTooLargeError"))
                .body("status", equalTo(413))
                .body("error.message", containsString("over the limit"));
        assertEquals(tasks, tasksTotal());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        long tasks = tasksTotal();
        byte[] body = ("{\"templateRef\":\"template:default/x\",\"values\":{\"blob\":\"" + "x".repeat(3_000_000) + "\"}}").getBytes();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(base + "api/scaffolder/v2/tasks"))
                .header("Authorization", "Bearer " + alice()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("PayloadTooLargeError", error.path("error").path("name").asText(), response.body());
        assertEquals(tasks, tasksTotal());
    }

    @Test
    void secretsOverTheirBoundsAre413() {
        String ref = stub(TemplateBuilder.v1beta3("big-secret").step("log", "debug:log", Map.of("message", "x")));
        long tasks = tasksTotal();
        as(alice()).body(Map.of("templateRef", ref, "values", Map.of(), "secrets", Map.of("huge", "s".repeat(16_385))))
                .post(API + "/tasks").then().statusCode(413).body("error.message", containsString("longer than 16384"));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("secret" + i, "value" + i);
        }
        as(alice()).body(Map.of("templateRef", ref, "values", Map.of(), "secrets", many))
                .post(API + "/tasks").then().statusCode(413).body("error.message", containsString("At most 50 secrets"));
        assertEquals(tasks, tasksTotal());
        assertEquals(0, count("SELECT count(*) FROM tasks WHERE template_ref = ?", ref));
    }
}
