package dev.atrium.catalog.deploy;

import static dev.atrium.commons.testing.HelmCharts.container;
import static dev.atrium.commons.testing.HelmCharts.envValue;
import static dev.atrium.commons.testing.HelmCharts.find;
import static dev.atrium.commons.testing.HelmCharts.kinds;
import static dev.atrium.commons.testing.HelmCharts.single;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.testing.HelmChartContract;
import dev.atrium.commons.testing.HelmCharts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lints and renders the catalog-service Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 * The checks every service chart shares come from {@link HelmChartContract}; these are the catalog's own.
 */
class HelmChartTest extends HelmChartContract {

    HelmChartTest() {
        super("catalog-service", 8081);
    }

    @Override
    protected List<String> ingressPaths() {
        return List.of("/api/catalog");
    }

    @Override
    protected Resources resources() {
        return new Resources("250m", "256Mi", "1", "256Mi");
    }

    @Override
    protected Map<String, ?> existingSecretValues() {
        return Map.of("database.existingSecret", "catalog-db-credentials", "database.passwordKey", "db-password");
    }

    @Override
    protected List<SecretRef> existingSecretRefs() {
        return List.of(new SecretRef("ATRIUM_CATALOG_DB_PASSWORD", "catalog-db-credentials", "db-password"));
    }

    @Override
    protected Map<String, Object> optionalObjectValues() {
        Map<String, Object> values = super.optionalObjectValues();
        values.put("metrics.serviceMonitor.enabled", true);
        return values;
    }

    @Override
    protected List<String> optionalKinds() {
        return List.of("Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor");
    }

    @Override
    protected List<Arguments> extraSchemaViolations() {
        return List.of(
                Arguments.of("database.password", "plain-text-password"),
                Arguments.of("database.existingSecret", ""));
    }

    @Test
    void environmentCarriesDatabaseOidcAndFileRootSettings() {
        JsonNode env = container(render(Map.of(
                "database.url", "jdbc:postgresql://db.internal:5432/catalog",
                "database.user", "catalog_app",
                "oidc.url", "https://sso.example.com/realms/atrium",
                "catalog.fileRoots", "/catalog",
                "extraEnv[0].name", "QUARKUS_LOG_LEVEL",
                "extraEnv[0].value", "DEBUG"))).path("env");

        assertAll(
                () -> assertEquals("jdbc:postgresql://db.internal:5432/catalog", envValue(env, "ATRIUM_CATALOG_DB_URL")),
                () -> assertEquals("catalog_app", envValue(env, "ATRIUM_CATALOG_DB_USER")),
                () -> assertEquals("https://sso.example.com/realms/atrium", envValue(env, "ATRIUM_OIDC_URL")),
                () -> assertEquals("/catalog", envValue(env, "ATRIUM_CATALOG_FILE_ROOTS")),
                () -> assertEquals("DEBUG", envValue(env, "QUARKUS_LOG_LEVEL")));
    }

    @Test
    void tokenAudienceIsCheckedByDefaultAndConfigurable() {
        assertEquals("catalog-service", envValue(container(render(Map.of())).path("env"), "ATRIUM_OIDC_AUDIENCE"));
        assertEquals("atrium-catalog", envValue(container(render(Map.of("oidc.audience", "atrium-catalog"))).path("env"),
                "ATRIUM_OIDC_AUDIENCE"));
    }

    @ParameterizedTest(name = "oidc.audience={0}")
    @CsvSource({"''", "'two words'"})
    void templateRejectsAnEmptyOrBlankAudience(String audience) {
        assertTemplateRejects(Map.of("oidc.audience", audience), "audience");
    }

    @Test
    void fileRootsAreNotSetByDefault() {
        JsonNode env = container(render(Map.of())).path("env");

        assertTrue(find(env, "name", "ATRIUM_CATALOG_FILE_ROOTS").isEmpty());
    }

    @Test
    void serviceMonitorIsOffByDefaultAndScrapesQuarkusMetricsOfTheServiceWhenEnabled() {
        assertTrue(kinds(render(Map.of())).stream().noneMatch("ServiceMonitor"::equals));

        List<JsonNode> docs = render(Map.of(
                "metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.interval", "15s",
                "metrics.serviceMonitor.labels.release", "prometheus"));
        JsonNode monitor = single(docs, "ServiceMonitor");
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertAll(
                () -> assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText()),
                () -> assertEquals("prometheus", monitor.path("metadata").path("labels").path("release").asText()),
                () -> assertEquals(single(docs, "Service").path("spec").path("selector"),
                        monitor.path("spec").path("selector").path("matchLabels"), "selects the chart's Service"),
                () -> assertEquals(HelmCharts.NAMESPACE,
                        monitor.path("spec").path("namespaceSelector").path("matchNames").get(0).asText()),
                () -> assertEquals("http", endpoint.path("port").asText()),
                () -> assertEquals("/q/metrics", endpoint.path("path").asText()),
                () -> assertEquals("15s", endpoint.path("interval").asText()),
                () -> assertEquals("10s", endpoint.path("scrapeTimeout").asText()));
    }

    @Test
    void templateRejectsAMalformedScrapeInterval() {
        assertTemplateRejects(Map.of("metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.interval", "often"),
                "interval");
    }

    @Test
    void jvmOptionsAreTheImagesUnlessExtrasAreGiven() {
        JsonNode env = container(render(Map.of())).path("env");
        assertTrue(find(env, "name", "JAVA_OPTS_APPEND").isEmpty(), "the image's jvm.options apply as they are");

        JsonNode extra = container(render(Map.of("javaOptsAppend", "-Xmx160m"))).path("env");
        assertEquals("-Xmx160m", envValue(extra, "JAVA_OPTS_APPEND"));
    }
}
