package dev.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A minimal OpenID Connect issuer on a loopback port for runs in which the bench starts the catalog itself: it
 * serves the discovery document and the signing key (all that a bearer-token service fetches) and signs RS256
 * access tokens for one platform admin. The key pair lives only in this process.
 */
final class LocalIssuer implements AutoCloseable {

    /** Realm path, the same shape as the local Keycloak's, so the service sees an ordinary issuer URL. */
    static final String REALM_PATH = "/realms/atrium";
    /** The user the tokens are issued to: a platform admin, as the Keycloak password grant of {@code bench/run} uses. */
    static final String USER = "pat";
    /** Audiences the tokens carry: the service's client id, and Keycloak's default. */
    static final List<String> AUDIENCES = List.of("catalog-service", "account");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String KEY_ID = "atrium-bench";

    private final HttpServer server;
    private final KeyPair keys;
    private final String issuer;
    private final Duration lifetime;

    /** Starts the issuer on a free loopback port; tokens live for {@code lifetime}. */
    LocalIssuer(Duration lifetime) throws IOException {
        this.lifetime = lifetime;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(REALM_PATH + "/.well-known/openid-configuration", ex -> json(ex, discovery()));
        server.createContext(REALM_PATH + "/protocol/openid-connect/certs", ex -> json(ex, jwks()));
        server.start();
    }

    /** The issuer URL, which is also the service's {@code ATRIUM_OIDC_URL}. */
    String issuer() {
        return issuer;
    }

    /** A freshly signed access token for {@value #USER} (group platform-team, realm role platform-admin). */
    String token() {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", KEY_ID);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "bench-" + USER);
        claims.put("aud", AUDIENCES);
        claims.put("azp", "atrium-cli");
        claims.put("iat", now);
        claims.put("exp", now + lifetime.toSeconds());
        claims.put("preferred_username", USER);
        claims.put("groups", List.of("/platform-team"));
        claims.put("realm_access", Map.of("roles", List.of("platform-admin")));
        try {
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        d.put("token_endpoint", issuer + "/protocol/openid-connect/token");
        d.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        return d;
    }

    private Map<String, Object> jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", KEY_ID);
        jwk.put("n", B64.encodeToString(unsigned(key.getModulus())));
        jwk.put("e", B64.encodeToString(unsigned(key.getPublicExponent())));
        return Map.of("keys", List.of(jwk));
    }

    /** The big-endian magnitude without the sign byte {@link BigInteger#toByteArray()} may add (RFC 7518 §6.3.1). */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static void json(HttpExchange ex, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
