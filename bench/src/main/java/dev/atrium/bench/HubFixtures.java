package dev.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hub talks to during {@link HubBench}, on one loopback port: an OIDC provider (discovery, JWKS,
 * an authorization endpoint that signs "alice" in at once, a token endpoint issuing RS256-signed tokens)
 * and answers of catalog-, access-, scaffolder- and metrics-service shaped like the real ones. Every
 * answer is built once, so the fixtures cost little next to the hub being measured.
 */
public final class HubFixtures implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REALM = "/realms/bench";
    static final String CLIENT_ID = "hub-ui";

    private final HttpServer server;
    private final KeyPair keys;
    private final String base;
    private final Map<String, byte[]> answers = new LinkedHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    private HubFixtures(HttpServer server, KeyPair keys) {
        this.server = server;
        this.keys = keys;
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
        build();
        server.createContext("/", this::handle);
    }

    public static HubFixtures start() throws IOException, GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        HubFixtures f = new HubFixtures(server, gen.generateKeyPair());
        server.start();
        return f;
    }

    public String baseUrl() {
        return base;
    }

    public String issuer() {
        return base + REALM;
    }

    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            Map<String, String> q = query(uri.getRawQuery());
            if (path.equals(REALM + "/.well-known/openid-configuration")) {
                send(ex, 200, answers.get("discovery"));
            } else if (path.equals(REALM + "/protocol/openid-connect/certs")) {
                send(ex, 200, answers.get("jwks"));
            } else if (path.equals(REALM + "/protocol/openid-connect/auth")) {
                ex.getResponseHeaders().set("Location", q.get("redirect_uri") + "?state=" + enc(q.get("state")) + "&code=bench-code");
                ex.sendResponseHeaders(302, -1);
            } else if (path.equals(REALM + "/protocol/openid-connect/token")) {
                Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(ex, 200, tokens("client_credentials".equals(form.get("grant_type"))));
            } else if (path.equals("/api/metrics/v1/events")) {
                drain(ex.getRequestBody());
                send(ex, 202, "{\"accepted\":1,\"duplicates\":0}".getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] body = answers.get(route(path, uri.getRawQuery() == null ? "" : URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8)));
                drain(ex.getRequestBody());
                if (body == null) {
                    send(ex, 404, "{\"status\":404,\"detail\":\"no fixture\"}".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, body);
                }
            }
        }
    }

    /** Which prepared answer a service request gets. */
    static String route(String path, String query) {
        if (path.equals("/api/catalog/entities/by-query")) {
            if (query.contains("filter=kind=aimodel") && query.contains("filter=kind=toolchain")) {
                return "models";
            }
            if (query.contains("filter=kind=group")) {
                return "groups";
            }
            if (query.contains("filter=kind=template")) {
                return "templates";
            }
            return "search";
        }
        if (path.startsWith("/api/catalog/entities/by-name/")) {
            return "entity";
        }
        if (path.startsWith("/api/access/v1/requests")) {
            return path.endsWith("/requests") ? "requests" : "request";
        }
        if (path.startsWith("/api/metrics/v1/metrics/")) {
            return "series:" + path.substring("/api/metrics/v1/metrics/".length());
        }
        return switch (path) {
            case "/api/catalog/entity-facets" -> "facets";
            case "/api/catalog/entities/by-refs" -> "by-refs";
            case "/api/catalog/history" -> "history";
            case "/api/access/v1/models/status" -> "status";
            case "/api/access/v1/usage" -> "usage";
            case "/api/access/v1/announcements" -> "announcements";
            case "/api/access/v1/keys" -> "keys";
            case "/api/scaffolder/v2/tasks" -> "tasks";
            default -> path;
        };
    }

    private byte[] tokens(boolean service) throws IOException {
        long now = Instant.now().getEpochSecond();
        ObjectNode access = JSON.createObjectNode().put("iss", issuer()).put("sub", service ? "service-hub-ui" : "sub-alice")
                .put("preferred_username", service ? "service-account-hub-ui" : "alice").put("typ", "Bearer")
                .put("azp", CLIENT_ID).put("iat", now).put("exp", now + 3600);
        access.putArray("aud").add("catalog-service").add("scaffolder-service").add("access-service").add("metrics-service");
        access.putArray("groups").add("payments-team");
        ObjectNode body = JSON.createObjectNode().put("access_token", sign(access)).put("token_type", "Bearer").put("expires_in", 3600);
        if (!service) {
            ObjectNode id = JSON.createObjectNode().put("iss", issuer()).put("sub", "sub-alice").put("aud", CLIENT_ID)
                    .put("azp", CLIENT_ID).put("preferred_username", "alice").put("name", "Alice Andersen").put("typ", "ID")
                    .put("sid", "bench-session").put("iat", now).put("exp", now + 3600);
            id.putArray("groups").add("payments-team");
            body.put("id_token", sign(id)).put("refresh_token", "bench-refresh-" + now);
        }
        return JSON.writeValueAsBytes(body);
    }

    private String sign(ObjectNode claims) throws IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"bench\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void build() {
        try {
            ObjectNode d = JSON.createObjectNode().put("issuer", issuer())
                    .put("authorization_endpoint", issuer() + "/protocol/openid-connect/auth")
                    .put("token_endpoint", issuer() + "/protocol/openid-connect/token")
                    .put("jwks_uri", issuer() + "/protocol/openid-connect/certs")
                    .put("end_session_endpoint", issuer() + "/protocol/openid-connect/logout");
            d.putArray("code_challenge_methods_supported").add("S256");
            d.putArray("response_types_supported").add("code");
            d.putArray("id_token_signing_alg_values_supported").add("RS256");
            answers.put("discovery", JSON.writeValueAsBytes(d));
            RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
            ObjectNode jwks = JSON.createObjectNode();
            jwks.putArray("keys").addObject().put("kty", "RSA").put("kid", "bench").put("alg", "RS256").put("use", "sig")
                    .put("n", b64(pub.getModulus())).put("e", b64(pub.getPublicExponent()));
            answers.put("jwks", JSON.writeValueAsBytes(jwks));

            ArrayNode models = JSON.createArrayNode();
            String[] tiers = {"open", "standard", "restricted"};
            for (int i = 0; i < 8; i++) {
                ObjectNode m = entity("AIModel", "model-" + i, "Model " + i, "Gateway model " + i + " for code, chat and summaries.", "ml-platform-team");
                m.withObjectProperty("spec").put("lifecycle", i == 7 ? "deprecated" : "production").put("modelType", "gateway").put("accessTier", tiers[i % 3])
                        .put("usagePolicy", "https://docs.example.com/policies/ai");
                m.withObjectProperty("spec").putObject("requestAccess").put("type", "selfService");
                m.withObjectProperty("metadata").putArray("links").addObject().put("url", "https://docs.example.com/models/" + i).put("title", "Model card");
                models.add(m);
            }
            for (int i = 0; i < 4; i++) {
                ObjectNode t = entity("Toolchain", "toolchain-" + i, "Toolchain " + i, "Developer toolchain " + i + " on the gateway.", "platform-team");
                t.withObjectProperty("spec").put("lifecycle", "production").put("type", "coding-assistant");
                t.withObjectProperty("spec").putArray("models").add("aimodel:default/model-" + i).add("aimodel:default/model-" + (i + 1));
                models.add(t);
            }
            answers.put("models", page(models));
            ArrayNode groups = JSON.createArrayNode();
            for (String g : List.of("payments-team", "checkout-team", "ml-platform-team", "platform-team", "data-team")) {
                ObjectNode e = entity("Group", g, g, "Team " + g, null);
                e.withObjectProperty("spec").put("type", "team");
                groups.add(e);
            }
            answers.put("groups", page(groups));
            ArrayNode templates = JSON.createArrayNode();
            for (String t : List.of("quarkus-service", "python-ml-service", "docs-site")) {
                templates.add(entity("Template", t, t, "Golden path " + t, "platform-team"));
            }
            answers.put("templates", page(templates));
            ArrayNode search = JSON.createArrayNode();
            for (int i = 0; i < 20; i++) {
                ObjectNode c = entity("Component", "payments-svc-" + i, "Payments service " + i, "Handles payments, part " + i, "payments-team");
                c.withObjectProperty("spec").put("type", "service").put("lifecycle", "production").put("system", "payments");
                c.withObjectProperty("metadata").putArray("tags").add("java").add("payments");
                search.add(c);
            }
            answers.put("search", JSON.writeValueAsBytes(JSON.createObjectNode().<ObjectNode>set("items", search).put("totalItems", 1200)
                    .set("pageInfo", JSON.createObjectNode().put("nextCursor", "eyJuZXh0Ijp0cnVlfQ"))));
            ObjectNode facets = JSON.createObjectNode();
            ObjectNode f = facets.putObject("facets");
            for (String field : List.of("kind", "spec.type", "spec.owner", "spec.lifecycle", "metadata.tags")) {
                ArrayNode a = f.putArray(field);
                for (int i = 0; i < 8; i++) {
                    a.addObject().put("value", field.replace('.', '-') + "-" + i).put("count", 100 - i * 7);
                }
            }
            answers.put("facets", JSON.writeValueAsBytes(facets));
            ObjectNode entity = entity("Component", "payments-api", "Payments API", "Takes card and wallet payments.", "payments-team");
            entity.withObjectProperty("spec").put("type", "service").put("lifecycle", "production").put("system", "payments");
            ArrayNode rel = entity.putArray("relations");
            rel.addObject().put("type", "ownedBy").put("targetRef", "group:default/payments-team");
            rel.addObject().put("type", "partOf").put("targetRef", "system:default/payments");
            for (int i = 0; i < 6; i++) {
                rel.addObject().put("type", i % 2 == 0 ? "providesApi" : "dependsOn").put("targetRef", "api:default/payments-api-" + i);
            }
            answers.put("entity", JSON.writeValueAsBytes(entity));
            ArrayNode refs = JSON.createArrayNode();
            refs.add(groups.get(0));
            ObjectNode system = entity("System", "payments", "Payments", "Moves money", "payments-team");
            system.withObjectProperty("spec").put("domain", "commerce");
            refs.add(system);
            for (int i = 0; i < 6; i++) {
                refs.add(entity("API", "payments-api-" + i, "Payments API " + i, "", "payments-team"));
            }
            answers.put("by-refs", JSON.writeValueAsBytes(JSON.createObjectNode().set("items", refs)));
            ArrayNode history = JSON.createArrayNode();
            for (int i = 0; i < 100; i++) {
                history.addObject().put("id", 1000 - i).put("entityRef", i % 3 == 0 ? "aimodel:default/model-" + (i % 8) : "component:default/payments-svc-" + (i % 20))
                        .put("event", i % 5 == 0 ? "added" : "changed").put("at", Instant.now().minusSeconds(3600L * i).toString())
                        .putArray("changedFields").add("spec.lifecycle");
            }
            answers.put("history", JSON.writeValueAsBytes(JSON.createObjectNode().set("items", history)));

            ArrayNode status = JSON.createArrayNode();
            for (int i = 0; i < 8; i++) {
                status.addObject().put("modelRef", "aimodel:default/model-" + i).put("status", i == 2 ? "degraded" : "operational").put("source", "probe");
            }
            answers.put("status", JSON.writeValueAsBytes(status));
            ObjectNode usage = JSON.createObjectNode().put("groupBy", "team").put("totalTokens", 61_000_000);
            ArrayNode totals = usage.putArray("totals");
            for (String g : List.of("payments-team", "checkout-team", "ml-platform-team", "platform-team", "data-team")) {
                totals.addObject().put("group", "group:default/" + g).put("tokens", 1_000_000L * (g.length())).put("records", 100);
            }
            answers.put("usage", JSON.writeValueAsBytes(usage));
            ArrayNode ann = JSON.createArrayNode();
            for (int i = 0; i < 5; i++) {
                ann.addObject().put("id", "a" + i).put("title", "Announcement " + i).put("body", "Details " + i)
                        .put("publishedAt", Instant.now().minusSeconds(86_400L * i).toString());
            }
            answers.put("announcements", JSON.writeValueAsBytes(JSON.createObjectNode().set("items", ann)));
            ArrayNode keysList = JSON.createArrayNode();
            for (int i = 0; i < 3; i++) {
                ObjectNode k = keysList.addObject().put("id", "k" + i).put("name", "key " + i).put("prefix", "atr_live_" + i)
                        .put("team", "group:default/payments-team").put("monthlyTokenBudget", 5_000_000).put("usedTokensThisMonth", 1_000_000L * (i + 1))
                        .put("expiresAt", Instant.now().plusSeconds(86_400L * 60).toString()).put("state", "active");
                k.putArray("models").add("aimodel:default/model-" + i);
            }
            answers.put("keys", JSON.writeValueAsBytes(keysList));
            ArrayNode reqs = JSON.createArrayNode();
            for (int i = 0; i < 10; i++) {
                reqs.addObject().put("id", "00000000-0000-0000-0000-00000000000" + i).put("modelRef", "aimodel:default/model-" + (i % 8))
                        .put("modelTitle", "Model " + (i % 8)).put("team", "group:default/payments-team").put("requester", "alice")
                        .put("useCase", "Use case " + i).put("expectedMonthlyTokens", 100_000).put("tier", tiers[i % 3])
                        .put("state", i % 3 == 0 ? "PENDING_APPROVAL" : "ACTIVE").put("createdAt", Instant.now().minusSeconds(3600L * i).toString());
            }
            answers.put("requests", JSON.writeValueAsBytes(JSON.createObjectNode().set("items", reqs)));
            answers.put("tasks", JSON.writeValueAsBytes(JSON.createObjectNode().put("totalTasks", 0).set("tasks", JSON.createArrayNode())));
            LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(java.time.DayOfWeek.MONDAY);
            for (String metric : List.of("adoption", "self-service-rate", "discovery-time", "time-to-first-contribution", "template-feedback")) {
                ObjectNode s = JSON.createObjectNode().put("metric", metric).put("unit", metric.equals("discovery-time") ? "seconds" : "ratio")
                        .put("granularity", metric.equals("time-to-first-contribution") ? "month" : "week");
                if (metric.equals("adoption")) {
                    s.put("target", 0.6);
                }
                if (metric.equals("time-to-first-contribution")) {
                    s.put("target", 3);
                }
                ArrayNode points = s.putArray("points");
                for (int w = 0; w < 12; w++) {
                    ObjectNode p = points.addObject().put("period", monday.minusWeeks(11 - w).toString()).put("team", "all")
                            .put("value", metric.equals("discovery-time") ? 200 - w * 10 : 0.3 + w * 0.04).put("count", 40 + w);
                    if (metric.equals("self-service-rate") || metric.equals("template-feedback")) {
                        p.put("dimension", "workflow-" + (w % 3));
                    }
                    if (metric.equals("time-to-first-contribution")) {
                        p.put("p50", 6 - w * 0.3).put("p90", 12 - w * 0.5);
                    }
                }
                s.putArray("comments");
                answers.put("series:" + metric, JSON.writeValueAsBytes(s));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode entity(String kind, String name, String title, String description, String owner) {
        ObjectNode e = JSON.createObjectNode().put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
        e.putObject("metadata").put("name", name).put("namespace", "default").put("title", title).put("description", description)
                .put("uid", java.util.UUID.nameUUIDFromBytes((kind + name).getBytes(StandardCharsets.UTF_8)).toString());
        ObjectNode spec = e.putObject("spec");
        if (owner != null) {
            spec.put("owner", owner);
        }
        e.putArray("relations");
        return e;
    }

    private static byte[] page(ArrayNode items) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().<ObjectNode>set("items", items).put("totalItems", items.size())
                .set("pageInfo", JSON.createObjectNode()));
    }

    private static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
