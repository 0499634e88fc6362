package dev.atrium.hub.deploy;

import static dev.atrium.commons.testing.HelmCharts.container;
import static dev.atrium.commons.testing.HelmCharts.envValue;
import static dev.atrium.commons.testing.HelmCharts.find;
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
 * Lints and renders the hub-ui Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 * The checks every service chart shares come from {@link HelmChartContract}; these are the hub's own.
 */
class HelmChartTest extends HelmChartContract {

    HelmChartTest() {
        super("hub-ui", 8080);
    }

    @Override
    protected List<String> ingressPaths() {
        return List.of("/");
    }

    @Override
    protected Resources resources() {
        return new Resources("100m", "192Mi", "1", "384Mi");
    }

    @Override
    protected Map<String, ?> existingSecretValues() {
        return Map.of(
                "oidc.existingSecret", "hub-oidc",
                "oidc.clientSecretKey", "secret",
                "session.existingSecret", "hub-session",
                "session.secretKey", "key");
    }

    @Override
    protected List<SecretRef> existingSecretRefs() {
        return List.of(
                new SecretRef("ATRIUM_OIDC_CLIENT_SECRET", "hub-oidc", "secret"),
                new SecretRef("ATRIUM_HUB_SESSION_SECRET", "hub-session", "key"));
    }

    @Override
    protected List<Arguments> extraSchemaViolations() {
        return List.of(
                Arguments.of("oidc.clientSecret", "plain-text-password"),
                Arguments.of("oidc.existingSecret", ""),
                Arguments.of("services.catalogUrl", "catalog:8081"));
    }

    @Test
    void sessionSecretIsDerivedWhenNoSecretIsNamed() {
        JsonNode env = container(render(Map.of())).path("env");

        assertTrue(find(env, "name", "ATRIUM_HUB_SESSION_SECRET").isEmpty());
        assertEquals("true", envValue(env, "ATRIUM_HUB_SECURITY_SECURE_COOKIES"));
    }

    @Test
    void environmentCarriesOidcAndServiceUrlsAndTheHeapCap() {
        JsonNode env = container(render(Map.of(
                "oidc.url", "https://sso.example.com/realms/atrium",
                "oidc.clientId", "hub",
                "services.catalogUrl", "http://catalog.internal:8081",
                "services.scaffolderUrl", "http://scaffolder.internal:8082",
                "services.accessUrl", "http://access.internal:8083",
                "services.metricsUrl", "http://metrics.internal:8084",
                "extraEnv[0].name", "QUARKUS_LOG_LEVEL",
                "extraEnv[0].value", "DEBUG"))).path("env");

        assertAll(
                () -> assertEquals("https://sso.example.com/realms/atrium", envValue(env, "ATRIUM_OIDC_URL")),
                () -> assertEquals("hub", envValue(env, "ATRIUM_HUB_CLIENT_ID")),
                () -> assertEquals("http://catalog.internal:8081", envValue(env, "ATRIUM_CATALOG_URL")),
                () -> assertEquals("http://scaffolder.internal:8082", envValue(env, "ATRIUM_SCAFFOLDER_URL")),
                () -> assertEquals("http://access.internal:8083", envValue(env, "ATRIUM_ACCESS_URL")),
                () -> assertEquals("http://metrics.internal:8084", envValue(env, "ATRIUM_METRICS_URL")),
                () -> assertTrue(envValue(env, "JAVA_OPTS_APPEND").contains("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms16m -Xmx48m"), "the measured JVM settings"),
                () -> assertEquals("2", envValue(env, "MALLOC_ARENA_MAX")),
                () -> assertEquals("DEBUG", envValue(env, "QUARKUS_LOG_LEVEL")));
    }
}
