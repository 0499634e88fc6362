package dev.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** A tiny in-process stand-in for the catalog API, just enough to drive every scenario of the load driver. */
final class FakeCatalog implements AutoCloseable {

    static final int PAGES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token;
    private final Set<String> refs;
    private final long ingestMillis;
    private volatile long registeredAt = -1;
    private volatile String registeredTarget;
    final AtomicInteger cursorRequests = new AtomicInteger();
    final AtomicInteger byNameRequests = new AtomicInteger();
    final AtomicInteger filteredRequests = new AtomicInteger();
    final AtomicLong unauthorized = new AtomicLong();
    /** Components read from the new-entities location: at its registration and at every refresh. */
    final Set<String> added = ConcurrentHashMap.newKeySet();
    final AtomicInteger refreshes = new AtomicInteger();
    private volatile Path newEntitiesFile;

    /** Serves {@code refs} (canonical entity refs) to clients presenting {@code token}; ingest takes {@code ingestMillis}. */
    FakeCatalog(String token, Set<String> refs, long ingestMillis) throws IOException {
        this.token = token;
        this.refs = refs;
        this.ingestMillis = ingestMillis;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/catalog/", this::handle);
        server.start();
    }

    String base() {
        return "http://localhost:" + server.getAddress().getPort() + "/api/catalog";
    }

    /** Behaves as if a location had been registered and fully ingested already. */
    void registerNow() {
        registeredTarget = "preloaded";
        registeredAt = System.nanoTime() - (ingestMillis + 1) * 1_000_000;
    }

    String registeredTarget() {
        return registeredTarget;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                respond(x, 401, "{\"error\":{\"name\":\"AuthenticationError\",\"message\":\"no token\"}}");
                return;
            }
            String path = x.getRequestURI().getPath().substring("/api/catalog".length());
            Map<String, List<String>> query = query(x.getRequestURI().getRawQuery());
            if (x.getRequestMethod().equals("POST") && path.equals("/locations")) {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (body.contains("/new-entities/")) {
                    newEntitiesFile = Path.of(JSON.readTree(body).get("target").asText());
                    readNewEntities();
                    respond(x, 201, "{\"location\":{\"id\":\"l2\",\"type\":\"file\",\"target\":\"y\",\"entityRef\":\"location:default/generated-y\"}}");
                    return;
                }
                if (registeredAt >= 0) {
                    respond(x, 409, "{\"error\":{\"name\":\"ConflictError\",\"message\":\"exists\"}}");
                    return;
                }
                registeredTarget = body;
                registeredAt = System.nanoTime();
                respond(x, 201, "{\"location\":{\"id\":\"l1\",\"type\":\"file\",\"target\":\"x\"},\"entities\":[]}");
            } else if (x.getRequestMethod().equals("POST") && path.equals("/refresh")) {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (!body.contains("location:default/generated-y") || newEntitiesFile == null) {
                    respond(x, 404, "{\"error\":{\"name\":\"NotFoundError\",\"message\":\"no such entity\"}}");
                    return;
                }
                refreshes.incrementAndGet();
                readNewEntities();
                respond(x, 200, "");
            } else if (path.equals("/entities/by-query")) {
                byQuery(x, query);
            } else if (path.startsWith("/entities/by-name/")) {
                byNameRequests.incrementAndGet();
                String[] p = path.substring("/entities/by-name/".length()).split("/");
                String ref = p[0] + ":" + p[1] + "/" + p[2];
                boolean found = refs.contains(ref) && visible() == refs.size() || added.contains(ref);
                respond(x, found ? 200 : 404, "{\"kind\":\"" + p[0] + "\"}");
            } else if (path.equals("/entity-facets") && (query.getOrDefault("facet", List.of()).size() == 3
                    || query.containsKey("filter") && query.get("facet").size() == UserQueries.SIDEBAR_FACETS.size())) {
                filteredRequests.incrementAndGet();
                respond(x, 200, "{\"facets\":{\"kind\":[{\"value\":\"Component\",\"count\":1}]}}");
            } else {
                respond(x, 404, "{\"error\":{\"name\":\"NotFoundError\",\"message\":\"" + path + "\"}}");
            }
        }
    }

    private void readNewEntities() throws IOException {
        for (String line : Files.readAllLines(newEntitiesFile)) {
            if (line.startsWith("  name: ")) {
                added.add("component:default/" + line.substring("  name: ".length()).trim());
            }
        }
    }

    private void byQuery(HttpExchange x, Map<String, List<String>> query) throws IOException {
        int limit = Integer.parseInt(query.getOrDefault("limit", List.of("20")).get(0));
        String cursor = first(query, "cursor");
        if (limit == 0) {
            String filter = first(query, "filter");
            long total = LoadDriver.GENERATED_KINDS_FILTER.equals(filter) ? visible() : 42;
            respond(x, 200, "{\"items\":[],\"totalItems\":" + total + ",\"pageInfo\":{}}");
            return;
        }
        int page;
        if (cursor == null && (query.containsKey("fullTextFilterTerm")
                || !"kind=component,spec.type=service".equals(first(query, "filter")))) {
            // a user query: one page, no cursor
            filteredRequests.incrementAndGet();
            respond(x, 200, "{\"items\":[{\"kind\":\"Component\"}],\"totalItems\":1,\"pageInfo\":{}}");
            return;
        }
        if (cursor == null) {
            if (!"kind=component,spec.type=service".equals(first(query, "filter"))
                    || !"metadata.name,asc".equals(first(query, "orderField"))) {
                respond(x, 400, "{\"error\":{\"name\":\"InputError\",\"message\":\"bad query\"}}");
                return;
            }
            page = 0;
        } else {
            cursorRequests.incrementAndGet();
            page = Integer.parseInt(cursor.substring("page+/=".length()));
        }
        String next = page + 1 < PAGES ? ",\"nextCursor\":\"page+/=" + (page + 1) + "\"" : "";
        respond(x, 200, "{\"items\":[{\"kind\":\"Component\",\"metadata\":{\"name\":\"x\",\"tags\":[\"a\"]}}],"
                + "\"totalItems\":400,\"pageInfo\":{\"prevCursor\":\"p\"" + next + "}}");
    }

    private long visible() {
        long at = registeredAt;
        if (at < 0) {
            return 0;
        }
        long elapsedMillis = (System.nanoTime() - at) / 1_000_000;
        return Math.min(refs.size(), refs.size() * elapsedMillis / Math.max(1, ingestMillis));
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null ? null : v.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    static Set<String> refsOf(CatalogGenerator generator) {
        return generator.refs().stream().map(EntityRef::toString).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
