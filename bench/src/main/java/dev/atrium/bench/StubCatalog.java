package dev.atrium.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * What access-service reads from other services during the benchmark, served locally: {@code bench-model-NNNN}
 * open-tier AIModels at catalog-service's by-name path, and metrics-service's event intake (202). Neither is on
 * the measured paths (verification touches no other service; provisioning with the default adapters neither),
 * so a fixed stand-in keeps the two cores for the service, PostgreSQL and wrk.
 */
final class StubCatalog implements AutoCloseable {
    private static final String BY_NAME = "/api/catalog/entities/by-name/aimodel/default/";

    private final HttpServer server;
    private final int models;

    private StubCatalog(HttpServer server, int models) {
        this.server = server;
        this.models = models;
    }

    static StubCatalog start(int models) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        StubCatalog stub = new StubCatalog(server, models);
        server.createContext("/", stub::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            names.add(name(i));
        }
        return names;
    }

    static String name(int i) {
        return String.format(Locale.ROOT, "bench-model-%04d", i);
    }

    static String entity(String name) {
        return """
                {"apiVersion":"atrium.dev/v1alpha1","kind":"AIModel",
                 "metadata":{"name":"%1$s","namespace":"default","title":"Bench model %1$s","annotations":{}},
                 "spec":{"owner":"ml-platform-team","lifecycle":"production","modelType":"gateway","accessTier":"open",
                         "costCenter":"CC-BENCH","requestAccess":{"type":"selfService"}}}""".formatted(name);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if ("POST".equals(ex.getRequestMethod()) && path.equals("/api/metrics/v1/events")) {
                ex.getRequestBody().readAllBytes();
                reply(ex, 202, "{\"accepted\":1,\"duplicates\":0}");
            } else if ("GET".equals(ex.getRequestMethod()) && path.startsWith(BY_NAME)) {
                String name = path.substring(BY_NAME.length());
                boolean known = names().contains(name);
                reply(ex, known ? 200 : 404, known ? entity(name) : "{\"error\":{\"name\":\"NotFoundError\"}}");
            } else {
                reply(ex, 404, "{}");
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
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
