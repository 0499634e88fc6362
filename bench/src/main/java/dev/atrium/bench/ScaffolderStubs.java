package dev.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the scaffolder talks to during its benchmark, in the bench process on a free loopback port:
 * an OIDC provider (discovery, JWKS, client-credentials tokens, RS256 user tokens it signs), the
 * catalog's by-name endpoint serving the bench template, and metrics-service's event intake.
 * Stubs keep the measured figure the scaffolder's own: a real catalog and Keycloak on the same two
 * cores would add their CPU to every task.
 */
final class ScaffolderStubs implements AutoCloseable {
    static final String REALM = "/realms/bench";
    static final String TEMPLATE = "bench-simple";
    static final String KID = "bench-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final KeyPair keys;
    private final String base;
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();

    private ScaffolderStubs(HttpServer server, KeyPair keys) {
        this.server = server;
        this.keys = keys;
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Starts the stubs on a free loopback port. */
    static ScaffolderStubs start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            return new ScaffolderStubs(server, generator.generateKeyPair());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bench stubs", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base URL of the catalog and metrics stubs. */
    String baseUrl() {
        return base;
    }

    /** The OIDC issuer (ATRIUM_OIDC_URL). */
    String issuer() {
        return base + REALM;
    }

    /** A signed access token for {@code username}, member of {@code groups}, with realm roles {@code roles}. */
    String userToken(String username, List<String> groups, List<String> roles, long lifetimeSeconds) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", issuer()).put("sub", "sub-" + username)
                .put("preferred_username", username).put("typ", "Bearer").put("azp", "atrium-cli")
                .put("iat", now).put("exp", now + lifetimeSeconds);
        claims.set("groups", JSON.valueToTree(groups));
        claims.putObject("realm_access").set("roles", JSON.valueToTree(roles));
        return sign(claims);
    }

    /** Requests served, by route. */
    Map<String, Long> requestCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Events metrics-service was sent. */
    long eventsReceived() {
        return events.get();
    }

    String sign(ObjectNode claims) {
        try {
            String header = B64URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", KID)));
            String payload = B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + B64URL.encodeToString(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The JWKS document with the public key. */
    ObjectNode jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        ObjectNode jwks = JSON.createObjectNode();
        jwks.putArray("keys").addObject().put("kty", "RSA").put("kid", KID).put("use", "sig").put("alg", "RS256")
                .put("n", B64URL.encodeToString(unsigned(pub.getModulus()))).put("e", B64URL.encodeToString(unsigned(pub.getPublicExponent())));
        return jwks;
    }

    /** The bench template: log a line, wait 0 ms. */
    static ObjectNode template() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"apiVersion":"scaffolder.backstage.io/v1beta3","kind":"Template",
                     "metadata":{"name":"bench-simple","namespace":"default","title":"Bench: log, then wait 0 ms"},
                     "spec":{"owner":"platform-team","type":"service",
                      "parameters":[{"title":"Name","required":["name"],
                                     "properties":{"name":{"type":"string","pattern":"^[a-z0-9-]{1,40}$"}}}],
                      "steps":[{"id":"log","name":"Log","action":"debug:log","input":{"message":"Hello ${{ parameters.name }}"}},
                               {"id":"wait","name":"Wait","action":"debug:wait","input":{"milliseconds":0}}],
                      "output":{"text":[{"title":"Done","content":"${{ parameters.name }} done"}]}}}""");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals(REALM + "/.well-known/openid-configuration")) {
                count("oidc discovery");
                ObjectNode doc = JSON.createObjectNode().put("issuer", issuer())
                        .put("jwks_uri", issuer() + "/protocol/openid-connect/certs")
                        .put("token_endpoint", issuer() + "/protocol/openid-connect/token")
                        .put("authorization_endpoint", issuer() + "/protocol/openid-connect/auth")
                        .put("userinfo_endpoint", issuer() + "/protocol/openid-connect/userinfo");
                doc.putArray("id_token_signing_alg_values_supported").add("RS256");
                doc.putArray("grant_types_supported").add("client_credentials").add("password");
                doc.putArray("response_types_supported").add("code");
                doc.putArray("subject_types_supported").add("public");
                send(exchange, 200, doc);
            } else if (path.equals(REALM + "/protocol/openid-connect/certs")) {
                count("oidc jwks");
                send(exchange, 200, jwks());
            } else if (path.equals(REALM + "/protocol/openid-connect/token") && method.equals("POST")) {
                count("oidc token");
                long now = Instant.now().getEpochSecond();
                ObjectNode claims = JSON.createObjectNode().put("iss", issuer()).put("sub", "service-account-scaffolder-service")
                        .put("azp", "scaffolder-service").put("preferred_username", "service-account-scaffolder-service")
                        .put("iat", now).put("exp", now + 300);
                claims.putObject("realm_access").putArray("roles").add("atrium-service");
                send(exchange, 200, JSON.createObjectNode().put("access_token", sign(claims)).put("token_type", "Bearer").put("expires_in", 300));
            } else if (path.equals("/api/catalog/entities/by-name/template/default/" + TEMPLATE)) {
                count("catalog template");
                send(exchange, 200, template());
            } else if (path.startsWith("/api/catalog/entities/by-name/")) {
                count("catalog other entity");
                send(exchange, 404, error(404, "NotFoundError", "No entity at " + path));
            } else if (path.equals("/api/metrics/v1/events") && method.equals("POST")) {
                count("metrics events");
                JsonNode sent = JSON.readTree(body);
                long n = sent.isArray() ? sent.size() : 1;
                events.addAndGet(n);
                send(exchange, 202, JSON.createObjectNode().put("accepted", n).put("duplicates", 0));
            } else {
                count("unknown");
                send(exchange, 404, error(404, "NotFoundError", "The bench stubs do not serve " + method + " " + path));
            }
        }
    }

    private void count(String route) {
        requests.computeIfAbsent(route, k -> new AtomicLong()).incrementAndGet();
    }

    private static ObjectNode error(int status, String name, String message) {
        ObjectNode e = JSON.createObjectNode().put("status", status).put("title", name);
        e.putObject("error").put("name", name).put("message", message);
        return e;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
