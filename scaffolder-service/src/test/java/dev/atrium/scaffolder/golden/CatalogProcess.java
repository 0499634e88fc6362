package dev.atrium.scaffolder.golden;

import dev.atrium.commons.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real catalog-service, started from the jar the reactor built
 * ({@code catalog-service/target/quarkus-app/quarkus-run.jar}) as a child process with a fresh
 * database and the test JVM's OIDC server, so the same signed test tokens work on both services.
 */
final class CatalogProcess implements AutoCloseable {
    static final Path JAR = Path.of("../catalog-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final PostgresTestDatabase database = new PostgresTestDatabase();
    private final Process process;
    final String baseUrl;
    final Path log;

    CatalogProcess(int port, String oidcUrl, List<Path> fileRoots) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("catalog-service is not packaged: " + JAR + " is missing. Build it first: "
                    + "./dev/test -pl scaffolder-service -am (the reactor packages catalog-service before the scaffolder's tests run)");
        }
        Map<String, String> db = database.start();
        baseUrl = "http://127.0.0.1:" + port;
        log = Path.of("target/golden-catalog.log").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:MaxGCPauseMillis=5", "-Xms16m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.jdbc.url=" + db.get("quarkus.datasource.jdbc.url"),
                "-Dquarkus.datasource.username=" + db.get("quarkus.datasource.username"),
                "-Dquarkus.datasource.password=" + db.get("quarkus.datasource.password"),
                "-Dquarkus.oidc.auth-server-url=" + oidcUrl,
                "-Dquarkus.oidc.token.issuer=https://server.example.com",
                "-Dquarkus.oidc.token.audience=https://service.example.com",
                "-Datrium.catalog.file-roots=" + String.join(",", fileRoots.stream().map(Path::toString).toList()),
                "-Datrium.catalog.processing.poll-interval=500MS",
                "-jar", JAR.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitUntilReady();
    }

    private void waitUntilReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("catalog-service exited during start-up:\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("catalog-service not ready after " + START_TIMEOUT + ":\n" + tail());
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        database.stop();
    }
}
