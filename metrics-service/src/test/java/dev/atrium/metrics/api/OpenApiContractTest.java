package dev.atrium.metrics.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract: every public endpoint is listed with operation, success and error responses. */
@QuarkusTest
class OpenApiContractTest {
    private static final Map<String, List<String>> ENDPOINTS = Map.of(
            "/api/metrics/v1/events", List.of("401", "403", "400", "413"),
            "/api/metrics/v1/webhooks/github", List.of("401", "400", "413"),
            "/api/metrics/v1/webhooks/gitlab", List.of("401", "400", "413"),
            "/api/metrics/v1/engineers/import", List.of("401", "403", "400", "413"),
            "/api/metrics/v1/metrics", List.of("401"),
            "/api/metrics/v1/metrics/{name}", List.of("401", "400", "404"),
            "/api/metrics/v1/metrics/time-to-first-contribution/engineers", List.of("401", "403", "400"),
            "/api/metrics/v1/summary", List.of("401", "400"));

    @Test
    void everyEndpointIsDocumentedWithOperationResponsesAndErrors() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        ENDPOINTS.forEach((path, errors) -> {
            assertTrue(paths.containsKey(path), "missing path " + path + " in " + paths.keySet());
            Map<String, Object> ops = doc.getMap("paths.'" + path + "'");
            assertTrue(!ops.isEmpty(), path);
            ops.forEach((method, o) -> {
                Map<?, ?> op = (Map<?, ?>) o;
                assertNotNull(op.get("operationId"), "operationId of " + method + " " + path);
                assertNotNull(op.get("summary"), "summary of " + method + " " + path);
                Map<?, ?> responses = (Map<?, ?>) op.get("responses");
                assertTrue(responses.keySet().stream().anyMatch(k -> k.toString().startsWith("2")), "2xx of " + method + " " + path);
                for (String code : errors) {
                    assertTrue(responses.containsKey(code), code + " of " + method + " " + path);
                }
            });
        });
        assertNotNull(doc.get("components.schemas.Error"));
        assertNotNull(doc.get("components.schemas.MetricSeries"));
        assertNotNull(doc.get("components.schemas.IngestResult"));
        assertNotNull(doc.get("paths.'/api/metrics/v1/metrics/{name}'.get.responses.'200'.content.'text/csv'"), "CSV documented");
    }

    @Test
    void healthMetricsAndTheDocumentAreOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
