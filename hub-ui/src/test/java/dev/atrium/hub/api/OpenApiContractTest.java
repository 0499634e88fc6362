package dev.atrium.hub.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertEquals(ENDPOINTS.keySet(), Set.copyOf(paths.keySet()), "exactly the machine endpoints, no HTML pages");
        ENDPOINTS.forEach((path, errors) -> {
            Map<String, Object> op = doc.getMap("paths.'" + path + "'.get");
            assertNotNull(op, path);
            assertNotNull(op.get("operationId"), "operationId of " + path);
            assertNotNull(op.get("summary"), "summary of " + path);
            Map<?, ?> responses = (Map<?, ?>) op.get("responses");
            assertTrue(responses.containsKey("200"), path);
            errors.forEach(e -> assertTrue(responses.containsKey(e), e + " of " + path));
        });
        assertNotNull(doc.get("paths.'/metrics/export.csv'.get.responses.'200'.content.'text/csv'"));
        assertNotNull(doc.get("paths.'/create/tasks/{id}/events'.get.responses.'200'.content.'text/event-stream'"));
    }
}
