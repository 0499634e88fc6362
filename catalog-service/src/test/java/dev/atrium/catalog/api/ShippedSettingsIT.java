package dev.atrium.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.commons.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar started the way dev/up, the image and the chart start it: {@code java @jvm.options
 * -XX:AOTCache=service.aot -jar}, in the prod profile, with the AOT cache written by {@code src/main/jvm/aot-cache}
 * (docs/decisions/0028). It becomes ready and logs one JSON object per line (the console of dev and test stays
 * plain). {@code -XX:AOTMode=on} makes a cache the JVM cannot use a failed start instead of a slower one.
 */
class ShippedSettingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path JVM_OPTIONS = Path.of("src/main/jvm/jvm.options");
    private static final Path AOT_SCRIPT = Path.of("src/main/jvm/aot-cache");

    @Test
    void theJarStartsWithTheShippedJvmOptionsAndLogsJsonInProd() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package the service first");
        PostgresTestDatabase database = new PostgresTestDatabase();
        Map<String, String> db = database.start();
        HttpServer issuer = issuer();
        Path log = Files.createTempFile("catalog-prod", ".log");
        Path aotDir = Files.createTempDirectory("catalog-aot");
        Path aot = aotDir.resolve("service.aot");
        Process process = null;
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process writing = new ProcessBuilder(AOT_SCRIPT.toAbsolutePath().toString(), JAR.toAbsolutePath().getParent().toString(),
                    JVM_OPTIONS.toAbsolutePath().toString(), java, aot.toString()).redirectErrorStream(true).start();
            String written = new String(writing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, writing.waitFor(), written);
            assertTrue(Files.size(aot) > 0, written);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(java, "@" + JVM_OPTIONS.toAbsolutePath(), "-XX:AOTCache=" + aot,
                    "-XX:AOTMode=on", "-jar", JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            pb.environment().put("ATRIUM_CATALOG_DB_URL", db.get("quarkus.datasource.jdbc.url"));
            pb.environment().put("ATRIUM_CATALOG_DB_USER", db.get("quarkus.datasource.username"));
            pb.environment().put("ATRIUM_CATALOG_DB_PASSWORD", db.get("quarkus.datasource.password"));
            pb.environment().put("ATRIUM_OIDC_URL", "http://127.0.0.1:" + issuer.getAddress().getPort() + "/realms/atrium");
            pb.environment().remove("QUARKUS_PROFILE");
            process = pb.start();

            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            long deadline = System.currentTimeMillis() + 120_000;
            int status = 0;
            while (status != 200 && System.currentTimeMillis() < deadline && process.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, status, () -> "not ready; log:\n" + read(log));
            int unauthenticated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/catalog/entities"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(401, unauthenticated);
            assertNoThreadLocalBufferCaches(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());

            List<JsonNode> lines = new ArrayList<>();
            for (String line : read(log).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            assertFalse(lines.isEmpty());
            for (JsonNode line : lines) {
                assertTrue(line.isObject() && line.has("level") && line.has("message") && line.has("loggerName"),
                        "a JSON log record: " + line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().contains("started in")), "the start-up line");
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            issuer.stop(0);
            database.stop();
            Files.deleteIfExists(log);
            try (var files = Files.list(aotDir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(aotDir);
        }
    }

    /**
     * Netty's pooled allocators keep no buffers per thread (docs/decisions/0032): each worker thread that wrote a
     * response kept up to 256 buffers of every small size, so direct memory grew with the worker threads until it
     * hit its cap, and then requests failed. The running service reports the cache sizes it was started with.
     */
    private static void assertNoThreadLocalBufferCaches(String metrics) {
        List<String> sizes = metrics.lines().filter(l -> l.startsWith("netty_allocator_pooled_cache_size{")).toList();
        assertTrue(sizes.stream().anyMatch(l -> l.contains("name=\"pooled\"")), "the default allocator's cache sizes: " + sizes);
        for (String line : sizes) {
            assertEquals(0.0, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), line);
        }
    }

    /** Just enough of an OIDC issuer for the service to start: discovery and an (empty) key set. */
    private static HttpServer issuer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/atrium";
        respond(server, "/realms/atrium/.well-known/openid-configuration", "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base
                + "/protocol/openid-connect/certs\",\"token_endpoint\":\"" + base + "/protocol/openid-connect/token\"}");
        respond(server, "/realms/atrium/protocol/openid-connect/certs", "{\"keys\":[]}");
        server.start();
        return server;
    }

    private static void respond(HttpServer server, String path, String body) {
        server.createContext(path, ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (var out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
