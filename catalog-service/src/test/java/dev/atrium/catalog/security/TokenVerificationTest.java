package dev.atrium.catalog.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.net.URL;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens are verified by signature, issuer and audience; nothing is ever sent to the IdP's
 * introspection endpoint, and the shipped (prod) configuration does the same.
 */
@QuarkusTest
class TokenVerificationTest {
    private static final String INTROSPECTION = "/auth/realms/quarkus/protocol/openid-connect/token/introspect";

    @OidcWireMock
    WireMockServer idp;

    private static String token(String audience) {
        var builder = Jwt.preferredUserName("alice").subject("sub-alice").issuer(TestTokens.ISSUER)
                .claim("groups", List.of("payments-team")).claim("realm_access", Map.of("roles", List.of()));
        if (audience != null) {
            builder.audience(audience);
        }
        return builder.expiresIn(3600).sign();
    }

    @Test
    void tokenForThisServiceIsAccepted() {
        given().auth().oauth2(token(TestTokens.AUDIENCE)).get("/api/catalog/entities?limit=1").then().statusCode(200);
    }

    @Test
    void tokenIssuedForAnotherAudienceIs401() {
        given().auth().oauth2(token("https://other-service.example.com")).get("/api/catalog/entities?limit=1").then()
                .statusCode(401).body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2(token(null)).get("/api/catalog/entities?limit=1").then().statusCode(401);
    }

    @Test
    void jwtSignedWithAnUnknownKeyIsRefusedWithoutIntrospection() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey foreign = generator.generateKeyPair().getPrivate();
        String forged = Jwt.preferredUserName("mallory").subject("sub-mallory").issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("groups", List.of("platform-team")).claim("realm_access", Map.of("roles", List.of("platform-admin")))
                .expiresIn(3600).jws().keyId("not-in-the-jwks").sign(foreign);
        idp.resetRequests();
        given().auth().oauth2(forged).get("/api/catalog/entities?limit=1").then()
                .statusCode(401).body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2("opaque-token-that-is-no-jwt").get("/api/catalog/entities?limit=1").then().statusCode(401);
        idp.verify(0, WireMock.postRequestedFor(WireMock.urlPathEqualTo(INTROSPECTION)));
        idp.verify(0, WireMock.getRequestedFor(WireMock.urlPathEqualTo(INTROSPECTION)));
    }

    @Test
    void shippedConfigurationChecksTheAudienceAndNeverIntrospects() throws IOException {
        URL properties = TokenVerificationTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig prod = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(properties)).build();
        assertEquals("catalog-service", prod.getValue("quarkus.oidc.token.audience", String.class));
        assertEquals(Boolean.FALSE, prod.getValue("quarkus.oidc.token.allow-jwt-introspection", Boolean.class));
        assertEquals(Boolean.FALSE, prod.getValue("quarkus.oidc.token.allow-opaque-token-introspection", Boolean.class));
    }
}
