package dev.atrium.scaffolder.golden;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * The golden-path journey talks to a real catalog-service on a port chosen before the application
 * starts, and publishes to its own git host directory, which that catalog may read.
 */
public class GoldenPathProfile implements QuarkusTestProfile {
    static final int CATALOG_PORT = freePort();
    static final Path GIT_HOST = Path.of("target/golden-git-host").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.rest-client.catalog.url", "http://127.0.0.1:" + CATALOG_PORT,
                "atrium.scaffolder.publish.git-hosts.\"git.atrium.example\".base-url", GIT_HOST.toUri().toString().replaceAll("/$", ""),
                "atrium.scaffolder.publish.git-hosts.\"git.atrium.example\".create-repositories", "true");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
