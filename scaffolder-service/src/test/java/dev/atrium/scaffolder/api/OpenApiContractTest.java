package dev.atrium.scaffolder.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract: every public endpoint is listed with operation and responses. */
@QuarkusTest
class OpenApiContractTest {
    static final Map<String, List<String>> ENDPOINTS = Map.ofEntries(
            Map.entry("/api/scaffolder/v2/tasks", List.of("get", "post")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}", List.of("get")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/events", List.of("get")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/eventstream", List.of("get")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/cancel", List.of("post")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/retry", List.of("post")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/survey", List.of("post")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/steps/{stepId}/approve", List.of("post")),
            Map.entry("/api/scaffolder/v2/tasks/{taskId}/steps/{stepId}/reject", List.of("post")),
            Map.entry("/api/scaffolder/v2/templates/{namespace}/{kind}/{name}/parameter-schema", List.of("get")),
            Map.entry("/api/scaffolder/v2/templates/{namespace}/{kind}/{name}/test", List.of("post")),
            Map.entry("/api/scaffolder/v2/actions", List.of("get")),
            Map.entry("/api/scaffolder/v2/actions/{actionId}/invoke", List.of("post")),
            Map.entry("/api/scaffolder/v2/dry-run", List.of("post")),
            Map.entry("/api/scaffolder/v2/templating-extensions", List.of("get")));

    @Test
    void everyEndpointIsDocumentedWithOperationResponsesAndErrors() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        ENDPOINTS.forEach((path, methods) -> {
            assertTrue(paths.containsKey(path), "missing path " + path + " in " + paths.keySet());
            for (String m : methods) {
                Map<String, Object> op = doc.getMap("paths.'" + path + "'." + m);
                assertNotNull(op, path + " " + m);
                assertNotNull(op.get("operationId"), "operationId of " + m + " " + path);
                assertNotNull(op.get("summary"), "summary of " + m + " " + path);
                Map<?, ?> responses = (Map<?, ?>) op.get("responses");
                assertTrue(responses.keySet().stream().anyMatch(k -> k.toString().startsWith("2")), "2xx of " + m + " " + path);
                assertTrue(responses.containsKey("401"), "401 of " + m + " " + path);
                assertTrue(responses.keySet().stream().anyMatch(k -> k.toString().startsWith("4") && !k.equals("401")),
                        "error responses of " + m + " " + path);
            }
        });
        assertNotNull(doc.get("components.schemas.Error"));
    }

    @Test
    void healthAndMetricsAreOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
