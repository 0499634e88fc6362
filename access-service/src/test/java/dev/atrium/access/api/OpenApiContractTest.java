package dev.atrium.access.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.testing.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract: every public endpoint is listed with operation, responses and errors. */
@QuarkusTest
class OpenApiContractTest {
    private static final String B = "/api/access/v1";
    private static final List<String> FORWARD_AUTH_METHODS = List.of("get", "post", "put", "patch", "delete", "head", "options");
    private static final Map<String, List<String>> ENDPOINTS = Map.ofEntries(
            Map.entry(B + "/requests", List.of("get", "post")),
            Map.entry(B + "/requests/{id}", List.of("get")),
            Map.entry(B + "/requests/{id}/approve", List.of("post")),
            Map.entry(B + "/requests/{id}/reject", List.of("post")),
            Map.entry(B + "/requests/{id}/revoke", List.of("post")),
            Map.entry(B + "/requests/{id}/retry", List.of("post")),
            Map.entry(B + "/requests/{id}/key", List.of("post")),
            Map.entry(B + "/requests/{id}/recertify", List.of("post")),
            Map.entry(B + "/recertifications", List.of("get")),
            Map.entry(B + "/policy", List.of("get")),
            Map.entry(B + "/keys", List.of("get", "post")),
            Map.entry(B + "/keys/{id}", List.of("get")),
            Map.entry(B + "/keys/{id}/rotate", List.of("post")),
            Map.entry(B + "/keys/{id}/revoke", List.of("post")),
            Map.entry(B + "/keys/verify", List.of("post")),
            Map.entry(B + "/keys/forward-auth", List.of("get", "post")),
            Map.entry(B + "/keys/forward-auth/{path}", FORWARD_AUTH_METHODS),
            Map.entry(B + "/usage", List.of("get", "post")),
            Map.entry(B + "/models/status", List.of("get")),
            Map.entry(B + "/models/{kind}/{namespace}/{name}/status", List.of("get", "put", "delete")),
            Map.entry(B + "/announcements", List.of("get", "post")),
            Map.entry(B + "/audit", List.of("get")),
            Map.entry(B + "/audit/verify", List.of("get")));

    /** Endpoints a request body reaches: they must document their 400. */
    private static final List<String> WRITES_WITH_BODY = List.of(B + "/requests", B + "/keys", B + "/usage", B + "/announcements");

    @Test
    void everyEndpointIsDocumentedWithOperationResponsesAndErrors() {
        JsonPath doc = OpenApiContract.document();
        OpenApiContract.assertOperations(doc, ENDPOINTS, (path, m, responses) -> {
            // Verification is the one endpoint without any authentication (the key is the subject, not a credential).
            assertTrue(path.equals(B + "/keys/verify") || responses.containsKey("401"), "401 of " + m + " " + path);
            if (m.equals("post") && WRITES_WITH_BODY.contains(path)) {
                assertTrue(responses.containsKey("400") && responses.containsKey("413"), "400/413 of " + m + " " + path);
            }
        });
        Map<String, Object> paths = doc.getMap("paths");
        assertTrue(paths.keySet().stream().filter(p -> p.startsWith(B)).allMatch(ENDPOINTS::containsKey),
                "undocumented in this test: " + paths.keySet());
        assertNotNull(doc.get("components.schemas.Error"));
        assertNotNull(doc.get("components.schemas.NewAccessRequest.properties.modelRef"), "the scaffolder action's request body");
        assertNotNull(doc.get("components.schemas.VerifyKeyResponse.properties.remainingTokens"));
    }

    @Test
    void healthMetricsAndOpenApiAreOpen() {
        OpenApiContract.assertHealthAndMetricsAreOpen();
    }
}
