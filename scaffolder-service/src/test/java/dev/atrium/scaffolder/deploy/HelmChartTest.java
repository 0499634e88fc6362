package dev.atrium.scaffolder.deploy;

import static dev.atrium.commons.testing.HelmCharts.container;
import static dev.atrium.commons.testing.HelmCharts.envValue;
import static dev.atrium.commons.testing.HelmCharts.find;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.testing.HelmChartContract;
import dev.atrium.commons.testing.HelmCharts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Lints and renders the scaffolder-service Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 * The checks every service chart shares come from {@link HelmChartContract}; these are the scaffolder's own.
 */
class HelmChartTest extends HelmChartContract {

    private static final String IMAGE_JVM_PREFIX =
            "-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager ";

    HelmChartTest() {
        super("scaffolder-service", 8082);
    }

    @Override
    protected List<String> ingressPaths() {
        return List.of("/api/scaffolder", "/mcp");
    }

    @Override
    protected Resources resources() {
        return new Resources("250m", "256Mi", "1", "384Mi");
    }

    @Override
    protected Map<String, ?> existingSecretValues() {
        return Map.of(
                "database.existingSecret", "scaffolder-db", "database.passwordKey", "db-password",
                "oidc.clientSecret.existingSecret", "scaffolder-oidc", "oidc.clientSecret.key", "secret",
                "secretsKey.existingSecret", "scaffolder-key", "secretsKey.key", "aes",
                "github.token.existingSecret", "scaffolder-github", "github.token.key", "pat");
    }

    @Override
    protected List<SecretRef> existingSecretRefs() {
        return List.of(
                new SecretRef("ATRIUM_SCAFFOLDER_DB_PASSWORD", "scaffolder-db", "db-password"),
                new SecretRef("ATRIUM_OIDC_CLIENT_SECRET", "scaffolder-oidc", "secret"),
                new SecretRef("ATRIUM_SCAFFOLDER_SECRETS_KEY", "scaffolder-key", "aes"),
                new SecretRef("ATRIUM_SCAFFOLDER_PUBLISH_GITHUB_TOKEN", "scaffolder-github", "pat"));
    }

    @Override
    protected List<Arguments> extraSchemaViolations() {
        return List.of(
                Arguments.of("database.password", "plain-text-password"),
                Arguments.of("database.existingSecret", ""),
                Arguments.of("secretsKey.existingSecret", ""),
                Arguments.of("secretsKey.value", "c2VjcmV0"),
                Arguments.of("oidc.clientSecret.value", "scaffolder-secret"),
                Arguments.of("github.token.value", "ghp_plain"),
                Arguments.of("github.apiUrl", "http://api.github.com"),
                Arguments.of("services.catalogUrl", "catalog:8081"),
                Arguments.of("scaffolder.workerConcurrency", "0"),
                Arguments.of("javaOptsAppend", "-XX:+UseSerialGC"));
    }

    @Override
    protected List<Arguments> extraValuesFileViolations() {
        return List.of(Arguments.of("workerConcurrency: 8", "workerConcurrency: none"));
    }

    @Test
    void workspacesLiveInASizeLimitedTmpEmptyDir() {
        JsonNode tmp = HelmCharts.tmpVolume(render(Map.of()));

        assertEquals("1Gi", tmp.path("emptyDir").path("sizeLimit").asText());
    }

    @Test
    void jvmSettingsAreTheImagesAndCapTheHeap() {
        String javaOpts = envValue(container(render(Map.of())).path("env"), "JAVA_OPTS_APPEND");

        assertAll(
                () -> assertTrue(javaOpts.startsWith(IMAGE_JVM_PREFIX), javaOpts),
                () -> assertTrue(javaOpts.matches(".*-Xmx[0-9]+m.*"), "a heap cap: " + javaOpts),
                () -> assertEquals(dockerfileJvmOptions(), javaOpts, "the chart and the image ship the same JVM settings"));
    }

    @Test
    void withoutAGithubSecretThereIsNoGithubToken() {
        JsonNode env = container(render(Map.of())).path("env");

        assertTrue(find(env, "name", "ATRIUM_SCAFFOLDER_PUBLISH_GITHUB_TOKEN").isEmpty());
        assertEquals("https://api.github.com", envValue(env, "ATRIUM_SCAFFOLDER_PUBLISH_GITHUB_API_URL"));
    }

    @Test
    void environmentCarriesDatabaseOidcServicesAndScaffolderSettings() {
        JsonNode env = container(render(Map.of(
                "database.url", "jdbc:postgresql://db.internal:5432/scaffolder",
                "database.user", "scaffolder_app",
                "oidc.url", "https://sso.example.com/realms/atrium",
                "services.catalogUrl", "http://catalog:8081",
                "services.metricsUrl", "http://metrics:8084",
                "scaffolder.workerConcurrency", 16,
                "scaffolder.skeletonRoots", "/skeletons",
                "extraEnv[0].name", "QUARKUS_LOG_LEVEL",
                "extraEnv[0].value", "DEBUG"))).path("env");

        assertAll(
                () -> assertEquals("jdbc:postgresql://db.internal:5432/scaffolder", envValue(env, "ATRIUM_SCAFFOLDER_DB_URL")),
                () -> assertEquals("scaffolder_app", envValue(env, "ATRIUM_SCAFFOLDER_DB_USER")),
                () -> assertEquals("https://sso.example.com/realms/atrium", envValue(env, "ATRIUM_OIDC_URL")),
                () -> assertEquals("http://catalog:8081", envValue(env, "ATRIUM_CATALOG_URL")),
                () -> assertEquals("http://atrium-access-service:8083", envValue(env, "ATRIUM_ACCESS_URL")),
                () -> assertEquals("http://metrics:8084", envValue(env, "ATRIUM_METRICS_URL")),
                () -> assertEquals("16", envValue(env, "ATRIUM_SCAFFOLDER_WORKER_CONCURRENCY")),
                () -> assertEquals("/skeletons", envValue(env, "ATRIUM_SCAFFOLDER_SKELETON_ROOTS")),
                () -> assertTrue(find(env, "name", "ATRIUM_SCAFFOLDER_GIT_ROOTS").isEmpty(), "no file:// remotes by default"),
                () -> assertEquals("DEBUG", envValue(env, "QUARKUS_LOG_LEVEL")));
    }

    @Test
    void devUpStartsTheScaffolderWithTheShippedJvmSettings() throws IOException {
        String shipped = dockerfileJvmOptions().replace(IMAGE_JVM_PREFIX, "");
        // dev/up's service_jvm_opts prints the scaffolder's flags on one printf line of its scaffolder-service case
        List<String> lines = Files.readAllLines(Path.of("../dev/up"));
        int scaffolderCase = lines.indexOf(lines.stream().filter(l -> l.trim().equals("scaffolder-service)")).findFirst()
                .orElseThrow(() -> new AssertionError("dev/up has no scaffolder-service case in service_jvm_opts")));
        String devUp = lines.subList(scaffolderCase, lines.size()).stream()
                .map(String::trim)
                .takeWhile(l -> !l.endsWith(";;") || l.contains("-Xmx"))
                .filter(l -> l.startsWith("printf '%s\\n' -") && l.contains("-Xmx"))
                .map(l -> l.substring("printf '%s\\n' ".length()).replace(";;", "").trim())
                .findFirst().orElseThrow(() -> new AssertionError("dev/up sets no scaffolder heap cap"));
        assertEquals(shipped, devUp);
    }

    /** The JAVA_OPTS_APPEND the JVM image sets, so the two cannot drift apart. */
    private static String dockerfileJvmOptions() {
        try {
            return Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm")).stream()
                    .filter(l -> l.startsWith("ENV JAVA_OPTS_APPEND="))
                    .map(l -> l.substring("ENV JAVA_OPTS_APPEND=".length()).replace("\"", ""))
                    .findFirst().orElseThrow(() -> new AssertionError("Dockerfile.jvm sets no JAVA_OPTS_APPEND"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
