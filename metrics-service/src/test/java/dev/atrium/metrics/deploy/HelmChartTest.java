package dev.atrium.metrics.deploy;

import static dev.atrium.commons.testing.HelmCharts.assertSecretRef;
import static dev.atrium.commons.testing.HelmCharts.container;
import static dev.atrium.commons.testing.HelmCharts.envValue;
import static dev.atrium.commons.testing.HelmCharts.find;
import static dev.atrium.commons.testing.HelmCharts.kinds;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.testing.HelmChartContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Lints and renders the metrics-service Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 * The checks every service chart shares come from {@link HelmChartContract}; these are the metrics service's own.
 */
class HelmChartTest extends HelmChartContract {

    HelmChartTest() {
        super("metrics-service", 8084);
    }

    @Override
    protected List<String> ingressPaths() {
        return List.of("/api/metrics/v1");
    }

    @Override
    protected Resources resources() {
        return new Resources("250m", "256Mi", "1", "512Mi");
    }

    @Override
    protected Map<String, ?> existingSecretValues() {
        return Map.of("database.existingSecret", "metrics-db-credentials", "database.passwordKey", "db-password");
    }

    @Override
    protected List<SecretRef> existingSecretRefs() {
        return List.of(new SecretRef("ATRIUM_METRICS_DB_PASSWORD", "metrics-db-credentials", "db-password"));
    }

    @Override
    protected List<Arguments> extraSchemaViolations() {
        return List.of(
                Arguments.of("database.password", "plain-text-password"),
                Arguments.of("database.existingSecret", ""));
    }

    @Test
    void environmentCarriesDatabaseOidcAndCatalogSettings() {
        JsonNode env = container(render(Map.of(
                "database.url", "jdbc:postgresql://db.internal:5432/metrics",
                "database.user", "metrics_app",
                "oidc.url", "https://sso.example.com/realms/atrium",
                "catalog.url", "http://catalog.atrium:8081",
                "extraEnv[0].name", "QUARKUS_LOG_LEVEL",
                "extraEnv[0].value", "DEBUG"))).path("env");

        assertAll(
                () -> assertEquals("jdbc:postgresql://db.internal:5432/metrics", envValue(env, "ATRIUM_METRICS_DB_URL")),
                () -> assertEquals("metrics_app", envValue(env, "ATRIUM_METRICS_DB_USER")),
                () -> assertEquals("https://sso.example.com/realms/atrium", envValue(env, "ATRIUM_OIDC_URL")),
                () -> assertEquals("http://catalog.atrium:8081", envValue(env, "ATRIUM_CATALOG_URL")),
                () -> assertEquals("DEBUG", envValue(env, "QUARKUS_LOG_LEVEL")));
    }

    @Test
    void clientSecretWebhookSecretsAndChatUrlComeFromExistingSecretsOnly() {
        List<JsonNode> docs = render(Map.of(
                "oidc.clientSecret.existingSecret", "metrics-oidc",
                "webhooks.existingSecret", "scm-hooks",
                "chat.existingSecret", "chat-hook"));
        JsonNode env = container(docs).path("env");

        assertAll(
                () -> assertSecretRef(env, "ATRIUM_OIDC_CLIENT_SECRET", "metrics-oidc", "client-secret"),
                () -> assertSecretRef(env, "ATRIUM_METRICS_GITHUB_WEBHOOK_SECRET", "scm-hooks", "github-secret"),
                () -> assertSecretRef(env, "ATRIUM_METRICS_GITLAB_WEBHOOK_TOKEN", "scm-hooks", "gitlab-token"),
                () -> assertSecretRef(env, "ATRIUM_METRICS_CHAT_WEBHOOK_URL", "chat-hook", "webhook-url"),
                () -> assertTrue(kinds(docs).stream().noneMatch("Secret"::equals), "chart must not render a Secret"));
    }

    @Test
    void webhookAndChatSecretsAreNotReferencedByDefault() {
        JsonNode env = container(render(Map.of())).path("env");

        assertTrue(find(env, "name", "ATRIUM_METRICS_GITHUB_WEBHOOK_SECRET").isEmpty());
        assertTrue(find(env, "name", "ATRIUM_METRICS_CHAT_WEBHOOK_URL").isEmpty());
    }

    @Test
    void jvmHeapIsCapped() {
        String opts = envValue(container(render(Map.of())).path("env"), "JAVA_OPTS_APPEND");

        assertTrue(opts.contains("-Xmx128m") && opts.contains("-XX:+UseSerialGC"), opts);
    }
}
