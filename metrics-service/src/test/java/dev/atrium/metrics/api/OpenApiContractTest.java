package dev.atrium.metrics.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.atrium.commons.testing.OpenApiContract;
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
        JsonPath doc = OpenApiContract.document();
        ENDPOINTS.forEach((path, errors) ->
                OpenApiContract.assertEveryOperationOf(doc, path, OpenApiContract.requires(errors)));
        assertNotNull(doc.get("components.schemas.Error"));
        assertNotNull(doc.get("components.schemas.MetricSeries"));
        assertNotNull(doc.get("components.schemas.IngestResult"));
        assertNotNull(doc.get("paths.'/api/metrics/v1/metrics/{name}'.get.responses.'200'.content.'text/csv'"), "CSV documented");
    }

    @Test
    void healthMetricsAndTheDocumentAreOpen() {
        OpenApiContract.assertHealthAndMetricsAreOpen();
    }
}
