package dev.atrium.access.provisioning.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stub server speaking HashiCorp Vault's KV version 2 HTTP API for one mount: versioned writes
 * ({@code POST|PUT /v1/<mount>/data/<path>}), reads of the latest version ({@code GET}), and
 * {@code DELETE /v1/<mount>/metadata/<path>} removing every version; {@code X-Vault-Token} checked on every
 * call (403 {"errors":["permission denied"]}), unknown mounts 404 like Vault's router.
 */
final class VaultKvStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String mount;
    private final String token;
    final Map<String, List<JsonNode>> versions = new ConcurrentHashMap<>();
    final List<String> namespaces = new ArrayList<>();

    VaultKvStub(String mount, String token) throws IOException {
        this.mount = mount;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String ns = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
            if (ns != null) {
                synchronized (namespaces) {
                    namespaces.add(ns);
                }
            }
            if (!token.equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))) {
                reply(ex, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String dataPrefix = "/v1/" + mount + "/data/";
            String metadataPrefix = "/v1/" + mount + "/metadata/";
            String method = ex.getRequestMethod();
            if (path.startsWith(dataPrefix) && ("POST".equals(method) || "PUT".equals(method))) {
                JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
                if (!body.path("data").isObject()) {
                    reply(ex, 400, "{\"errors\":[\"no data provided\"]}");
                    return;
                }
                List<JsonNode> list = versions.computeIfAbsent(path.substring(dataPrefix.length()), k -> new ArrayList<>());
                int version;
                synchronized (list) {
                    list.add(body.path("data"));
                    version = list.size();
                }
                reply(ex, 200, "{\"request_id\":\"r\",\"data\":{\"created_time\":\"" + Instant.now() + "\",\"version\":" + version
                        + ",\"deletion_time\":\"\",\"destroyed\":false}}");
            } else if (path.startsWith(dataPrefix) && "GET".equals(method)) {
                List<JsonNode> list = versions.get(path.substring(dataPrefix.length()));
                if (list == null || list.isEmpty()) {
                    reply(ex, 404, "{\"errors\":[]}");
                    return;
                }
                ObjectNode answer = JSON.createObjectNode();
                ObjectNode data = answer.putObject("data");
                data.set("data", list.get(list.size() - 1));
                data.putObject("metadata").put("version", list.size()).put("destroyed", false);
                reply(ex, 200, answer.toString());
            } else if (path.startsWith(metadataPrefix) && "DELETE".equals(method)) {
                versions.remove(path.substring(metadataPrefix.length()));
                reply(ex, 204, null);
            } else {
                reply(ex, 404, "{\"errors\":[\"no handler for route '" + path.substring(4) + "'\"]}");
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
