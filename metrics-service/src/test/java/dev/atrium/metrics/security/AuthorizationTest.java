package dev.atrium.metrics.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.commons.testing.TestTokens;
import dev.atrium.metrics.support.MetricsTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every endpoint refuses a missing, expired or malformed token with 401; ingestion needs a service
 * token, the import a platform admin or service, per-engineer data a platform admin (403 otherwise).
 * Webhooks authenticate by signature instead (see WebhookTest).
 */
@QuarkusTest
class AuthorizationTest extends MetricsTestSupport {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "POST, /api/metrics/v1/events",
        "POST, /api/metrics/v1/engineers/import",
        "GET, /api/metrics/v1/metrics",
        "GET, /api/metrics/v1/metrics/adoption",
        "GET, /api/metrics/v1/metrics/time-to-first-contribution",
        "GET, /api/metrics/v1/metrics/time-to-first-contribution/engineers",
        "GET, /api/metrics/v1/summary"
    })
    void withoutAValidTokenIs401(String method, String path) {
        given().contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2(TestTokens.expired("alice")).contentType(ContentType.JSON).body("{}").request(method, path)
                .then().statusCode(401);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401);
    }

    @Test
    void usersAndAdminsCannotIngestOnlyServicesCan() {
        Map<String, Object> e = event("page.viewed", "alice", "payments-team", Instant.now().minusSeconds(5), "path", "/");
        as(alice()).body(e).post(EVENTS).then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        as(admin()).body(e).post(EVENTS).then().statusCode(403);
        assertEquals(0, events((String) e.get("id")));
        as(service()).body(e).post(EVENTS).then().statusCode(202);
        assertEquals(1, events((String) e.get("id")));
    }

    @Test
    void signedInUsersReadAggregatesButNotPerEngineerData() {
        as(alice()).get("/api/metrics/v1/metrics/adoption").then().statusCode(200);
        as(alice()).get("/api/metrics/v1/summary").then().statusCode(200);
        as(alice()).get("/api/metrics/v1/metrics/time-to-first-contribution/engineers").then().statusCode(403);
        as(service()).get("/api/metrics/v1/metrics/time-to-first-contribution/engineers").then().statusCode(403);
        as(admin()).get("/api/metrics/v1/metrics/time-to-first-contribution/engineers").then().statusCode(200);
    }

    @Test
    void webhooksNeedNoTokenButASignature() {
        given().contentType(ContentType.JSON).header("X-GitHub-Event", "ping").body("{}").post("/api/metrics/v1/webhooks/github")
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/api/metrics/v1/webhooks/gitlab").then().statusCode(401);
        // A bearer token is not a webhook credential.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{}").post("/api/metrics/v1/webhooks/gitlab")
                .then().statusCode(401);
    }
}
