package dev.atrium.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's stand-in IdP, catalog and metrics-service speak the contracts the scaffolder relies on. */
class ScaffolderStubsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void userTokensVerifyAgainstThePublishedKeyAndCarryTheClaimsTheServicesRead() throws Exception {
        try (ScaffolderStubs stubs = ScaffolderStubs.start()) {
            JsonNode discovery = get(stubs.issuer() + "/.well-known/openid-configuration");
            assertEquals(stubs.issuer(), discovery.path("issuer").asText());
            JsonNode key = get(discovery.path("jwks_uri").asText()).path("keys").get(0);
            assertEquals(ScaffolderStubs.KID, key.path("kid").asText());

            String token = stubs.userToken("bench", List.of("platform-team"), List.of("platform-admin"), 60);
            String[] parts = token.split("\\.");
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey(key));
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])), "signature verifies with the JWKS key");
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertEquals("RS256", header.path("alg").asText());
            assertEquals(ScaffolderStubs.KID, header.path("kid").asText());
            assertEquals(stubs.issuer(), claims.path("iss").asText());
            assertEquals("bench", claims.path("preferred_username").asText());
            assertEquals("platform-team", claims.path("groups").get(0).asText());
            assertEquals("platform-admin", claims.path("realm_access").path("roles").get(0).asText());
            assertEquals(60, claims.path("exp").asLong() - claims.path("iat").asLong());
        }
    }

    @Test
    void servesTheBenchTemplateTokensForClientCredentialsAndTakesEvents() throws Exception {
        try (ScaffolderStubs stubs = ScaffolderStubs.start()) {
            JsonNode template = get(stubs.baseUrl() + "/api/catalog/entities/by-name/template/default/" + ScaffolderStubs.TEMPLATE);
            assertEquals(List.of("debug:log", "debug:wait"), List.of(template.at("/spec/steps/0/action").asText(), template.at("/spec/steps/1/action").asText()));
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(stubs.baseUrl() + "/api/catalog/entities/by-name/user/default/bench")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(stubs.issuer() + "/protocol/openid-connect/token"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, token.statusCode());
            String access = JSON.readTree(token.body()).path("access_token").asText();
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
            assertEquals("atrium-service", claims.path("realm_access").path("roles").get(0).asText());

            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(stubs.baseUrl() + "/api/metrics/v1/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"1\"},{\"id\":\"2\"}]")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, events.statusCode());
            assertEquals(2, JSON.readTree(events.body()).path("accepted").asInt());
            assertEquals(2, stubs.eventsReceived());
            assertEquals(1L, stubs.requestCounts().get("catalog template"));
        }
    }

    @Test
    void processMemoryReadsRssAndPeakFromProcStatus() {
        ProcessMemory m = ProcessMemory.parse(List.of("Name:\tjava", "VmPeak:\t 3000000 kB", "VmHWM:\t  180224 kB", "VmRSS:\t  150528 kB"));
        assertEquals(150528, m.rssKb());
        assertEquals(180224, m.peakRssKb());
        assertEquals(176.0, m.peakRssMb());
        ProcessMemory self = ProcessMemory.of(ProcessHandle.current().pid());
        assertTrue(self.rssKb() > 0 && self.peakRssKb() >= self.rssKb(), self.toString());
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return JSON.readTree(r.body());
    }

    private static PublicKey publicKey(JsonNode jwk) throws Exception {
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }
}
