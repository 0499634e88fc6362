package dev.atrium.catalog.security;

import static io.restassured.RestAssured.given;

import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verified bearer identities are reused between requests, but never past the token's expiry, and
 * each token keeps its own identity.
 */
@QuarkusTest
class TokenCacheTest {

    private static String expiringIn(long seconds, String user, List<String> groups) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.preferredUserName(user).subject("sub-" + user).issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("groups", groups).claim("realm_access", Map.of("roles", List.of()))
                .issuedAt(now).expiresAt(now + seconds).sign();
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws InterruptedException {
        String token = expiringIn(2, "short-lived", List.of("payments-team"));
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/api/catalog/entities?limit=1").then().statusCode(200);
        }
        Thread.sleep(3_200);
        given().auth().oauth2(token).get("/api/catalog/entities?limit=1").then().statusCode(401);
    }

    @Test
    void identitiesAreNotMixedBetweenTokens() {
        String admin = TestTokens.admin("pat");
        String user = TestTokens.user("bob", "checkout-team");
        // An invalid change: the admin gets past authorization (400), the user does not (403).
        String invalid = "{\"properties\":{\"bad name\":{\"type\":\"string\"}}}";
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(admin).contentType("application/json").body(invalid)
                    .put("/api/catalog/model/kinds/Component").then().statusCode(400);
            given().auth().oauth2(user).contentType("application/json").body(invalid)
                    .put("/api/catalog/model/kinds/Component").then().statusCode(403);
        }
    }

    @Test
    void aTamperedCopyOfACachedTokenIsRefused() {
        String token = TestTokens.user("alice", "payments-team");
        given().auth().oauth2(token).get("/api/catalog/entities?limit=1").then().statusCode(200);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(forged).get("/api/catalog/entities?limit=1").then().statusCode(401);
    }
}
