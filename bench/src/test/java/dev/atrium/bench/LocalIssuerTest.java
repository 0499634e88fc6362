package dev.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's own issuer serves discovery and keys, and its tokens verify against them. */
class LocalIssuerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tokensVerifyWithTheServedKeyAndCarryAnAdminIdentity() throws Exception {
        try (LocalIssuer issuer = new LocalIssuer(Duration.ofMinutes(5)); HttpClient http = HttpClient.newHttpClient()) {
            JsonNode discovery = get(http, issuer.issuer() + "/.well-known/openid-configuration");
            assertEquals(issuer.issuer(), discovery.get("issuer").asText());
            assertTrue(issuer.issuer().startsWith("http://127.0.0.1:"));
            JsonNode key = get(http, discovery.get("jwks_uri").asText()).get("keys").get(0);

            String[] parts = issuer.token().split("\\.");
            assertEquals(3, parts.length);
            Base64.Decoder b64 = Base64.getUrlDecoder();
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, b64.decode(key.get("n").asText())), new BigInteger(1, b64.decode(key.get("e").asText()))));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(pub);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(rs256.verify(b64.decode(parts[2])), "signature verifies with the JWKS key");

            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            assertEquals(key.get("kid").asText(), header.get("kid").asText());
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            assertEquals(issuer.issuer(), claims.get("iss").asText());
            assertEquals("pat", claims.get("preferred_username").asText());
            assertEquals("platform-admin", claims.at("/realm_access/roles/0").asText());
            long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
            assertEquals(300, lifetime);
        }
    }

    @Test
    void keyComponentsAreUnsignedBigEndian() {
        assertEquals(1, LocalIssuer.unsigned(BigInteger.valueOf(255)).length, "no sign byte before 0xff");
        assertFalse(LocalIssuer.unsigned(BigInteger.valueOf(65537))[0] == 0);
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JSON.readTree(r.body());
    }
}
