package dev.atrium.scaffolder.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.testing.OpenApiContract;
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
        JsonPath doc = OpenApiContract.document();
        OpenApiContract.assertOperations(doc, ENDPOINTS, OpenApiContract.requires("401").andThen((path, m, responses) ->
                assertTrue(responses.keySet().stream().anyMatch(k -> k.toString().startsWith("4") && !k.equals("401")),
                        "error responses of " + m + " " + path)));
        assertNotNull(doc.get("components.schemas.Error"));
    }

    @Test
    void healthAndMetricsAreOpen() {
        OpenApiContract.assertHealthAndMetricsAreOpen();
    }
}
