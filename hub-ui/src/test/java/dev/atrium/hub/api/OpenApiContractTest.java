package dev.atrium.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.atrium.commons.testing.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hub's machine-readable endpoints (the CSV export and the live task log) are the contract in
 * /q/openapi with their errors; the HTML pages are not part of it.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final Map<String, List<String>> ENDPOINTS = Map.of(
            "/metrics/export.csv", List.of("400", "401", "503"),
            "/create/tasks/{id}/events", List.of("400", "401"));

    @Test
    void machineEndpointsAreDocumentedWithOperationAndErrorResponses() {
        JsonPath doc = OpenApiContract.document();
        Map<String, Object> paths = doc.getMap("paths");
        assertEquals(ENDPOINTS.keySet(), Set.copyOf(paths.keySet()), "exactly the machine endpoints, no HTML pages");
        ENDPOINTS.forEach((path, errors) -> OpenApiContract.assertOperations(doc, Map.of(path, List.of("get")),
                OpenApiContract.requires("200").andThen(OpenApiContract.requires(errors))));
        assertNotNull(doc.get("paths.'/metrics/export.csv'.get.responses.'200'.content.'text/csv'"));
        assertNotNull(doc.get("paths.'/create/tasks/{id}/events'.get.responses.'200'.content.'text/event-stream'"));
    }
}
