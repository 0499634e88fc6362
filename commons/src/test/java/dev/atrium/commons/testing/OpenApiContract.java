package dev.atrium.commons.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The checks a service's {@code OpenApiContractTest} makes on its {@code /q/openapi} document: every listed
 * operation is there with an operationId, a summary and a success response, plus the error responses the
 * service requires of it. Call from a {@code @QuarkusTest} (REST Assured points at the running application).
 */
public final class OpenApiContract {

    /** A service-specific check of one documented operation's responses (keys are the status codes). */
    @FunctionalInterface
    public interface ResponsesCheck {
        void check(String path, String method, Map<?, ?> responses);

        /** This check, then {@code next}. */
        default ResponsesCheck andThen(ResponsesCheck next) {
            return (path, method, responses) -> {
                check(path, method, responses);
                next.check(path, method, responses);
            };
        }
    }

    private OpenApiContract() {
    }

    /** The application's OpenAPI document, as JSON. */
    public static JsonPath document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Every {@code path → methods} of {@code endpoints} is documented with operationId, summary and a 2xx
     * response, and passes {@code check}.
     */
    public static void assertOperations(JsonPath doc, Map<String, List<String>> endpoints, ResponsesCheck check) {
        Map<String, Object> paths = doc.getMap("paths");
        endpoints.forEach((path, methods) -> {
            assertTrue(paths.containsKey(path), "missing path " + path + " in " + paths.keySet());
            for (String method : methods) {
                Map<String, Object> op = doc.getMap("paths.'" + path + "'." + method);
                assertNotNull(op, path + " " + method);
                assertOperation(path, method, op, check);
            }
        });
    }

    /** Like {@link #assertOperations}, for every method {@code path} documents (at least one). */
    public static void assertEveryOperationOf(JsonPath doc, String path, ResponsesCheck check) {
        Map<String, Object> paths = doc.getMap("paths");
        assertTrue(paths.containsKey(path), "missing path " + path + " in " + paths.keySet());
        Map<String, Object> ops = doc.getMap("paths.'" + path + "'");
        assertFalse(ops.isEmpty(), path);
        ops.forEach((method, op) -> assertOperation(path, method, (Map<?, ?>) op, check));
    }

    /** A check that each of {@code codes} is among the responses. */
    public static ResponsesCheck requires(Collection<String> codes) {
        return (path, method, responses) -> {
            for (String code : codes) {
                assertTrue(responses.containsKey(code), code + " of " + method + " " + path);
            }
        };
    }

    /** A check that each of {@code codes} is among the responses. */
    public static ResponsesCheck requires(String... codes) {
        return requires(List.of(codes));
    }

    /** Health and metrics answer without a token. */
    public static void assertHealthAndMetricsAreOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    private static void assertOperation(String path, String method, Map<?, ?> op, ResponsesCheck check) {
        assertNotNull(op.get("operationId"), "operationId of " + method + " " + path);
        assertNotNull(op.get("summary"), "summary of " + method + " " + path);
        Map<?, ?> responses = (Map<?, ?>) op.get("responses");
        assertNotNull(responses, "responses of " + method + " " + path);
        assertTrue(responses.keySet().stream().anyMatch(k -> k.toString().startsWith("2")), "2xx of " + method + " " + path);
        check.check(path, method, responses);
    }
}
