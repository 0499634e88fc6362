package dev.atrium.access.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against the packaged jar: the service starts with its migrations and adapters (the real test Keycloak
 * included), refuses anonymous calls and answers verification without a token.
 */
@QuarkusIntegrationTest
class PackagedAccessIT {

    @Test
    void thePackagedServiceServesItsApi() {
        given().get("/api/access/v1/requests").then().statusCode(401);
        given().auth().oauth2(TestTokens.user("alice", "payments-team")).get("/api/access/v1/requests").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().auth().oauth2(TestTokens.user("alice", "payments-team")).get("/api/access/v1/policy").then().statusCode(200)
                .body("secretsStore", equalTo("builtin"));
        given().contentType(ContentType.JSON).body(Map.of("key", "atrk_" + "b".repeat(43), "model", "chat")).post("/api/access/v1/keys/verify")
                .then().statusCode(200).body("valid", equalTo(false)).body("reason", equalTo("unknown_key"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
