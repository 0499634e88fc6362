package dev.atrium.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lints and renders the umbrella chart helm/atrium over the five service charts with the Helm library in
 * helm-java. The charts are copied to a temporary directory and their file:// dependencies packaged there
 * with {@code helm dependency update}, so the test needs no network, no helm binary and never writes
 * into the source tree.
 */
class UmbrellaChartTest {

    private static final Path HELM = Paths.get("../helm");
    private static final String NAMESPACE = "atrium";
    private static final String DEFAULT_ISSUER = "http://keycloak:8080/realms/atrium";
    private static final Pattern SERVICE_URL = Pattern.compile("ATRIUM_(CATALOG|SCAFFOLDER|ACCESS|METRICS|HUB)_URL");
    /** How Go templates print a large YAML number that is quoted without int64 first (1e+06). */
    private static final Pattern EXPONENT = Pattern.compile("-?\\d+(\\.\\d+)?e[+-]\\d+");
    private static final Pattern SECRET_LIKE = Pattern.compile(".*(PASSWORD|SECRET|PEPPER|TOKEN|_KEY|WEBHOOK_URL)");

    /** The charts, the port of each, and which other services each one calls (ATRIUM_*_URL). */
    private static final Map<String, Integer> PORTS = Map.of(
            "catalog-service", 8081, "scaffolder-service", 8082, "access-service", 8083,
            "metrics-service", 8084, "hub-ui", 8080);
    private static final Map<String, Set<String>> CALLS = Map.of(
            "catalog-service", Set.of(),
            "scaffolder-service", Set.of("ATRIUM_CATALOG_URL", "ATRIUM_ACCESS_URL", "ATRIUM_METRICS_URL", "ATRIUM_HUB_URL"),
            "access-service", Set.of("ATRIUM_CATALOG_URL", "ATRIUM_METRICS_URL"),
            "metrics-service", Set.of("ATRIUM_CATALOG_URL"),
            "hub-ui", Set.of("ATRIUM_CATALOG_URL", "ATRIUM_SCAFFOLDER_URL", "ATRIUM_ACCESS_URL", "ATRIUM_METRICS_URL"));
    private static final Map<String, String> TARGET_OF = Map.of(
            "ATRIUM_CATALOG_URL", "catalog-service", "ATRIUM_SCAFFOLDER_URL", "scaffolder-service",
            "ATRIUM_ACCESS_URL", "access-service", "ATRIUM_METRICS_URL", "metrics-service", "ATRIUM_HUB_URL", "hub-ui");
    private static final Map<String, String> DATABASES = Map.of(
            "catalog-service", "ATRIUM_CATALOG_DB_URL=atrium_catalog",
            "scaffolder-service", "ATRIUM_SCAFFOLDER_DB_URL=atrium_scaffolder",
            "access-service", "ATRIUM_ACCESS_DB_URL=atrium_access",
            "metrics-service", "ATRIUM_METRICS_DB_URL=atrium_metrics");
    /** The Secrets helm/atrium/README.md tells operators to create first, with their keys. */
    private static final Set<String> DOCUMENTED_SECRETS = Set.of(
            "atrium-catalog-db/password",
            "atrium-scaffolder-db/password", "atrium-scaffolder-oidc/client-secret",
            "atrium-scaffolder-secrets-key/secrets-key",
            "atrium-access-db/password", "atrium-access/oidc-client-secret", "atrium-access/key-pepper",
            "atrium-access/secrets-store-key",
            "atrium-metrics-db/password", "atrium-metrics-oidc/client-secret",
            "atrium-hub-oidc/client-secret");

    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    static Path workspace;

    private static Path umbrella;

    @BeforeAll
    static void packageDependencies() throws IOException {
        copyCharts(HELM, workspace.resolve("helm"));
        umbrella = workspace.resolve("helm/atrium");
        new Helm(umbrella).dependency().update().skipRefresh().call();
        for (String chart : PORTS.keySet()) {
            assertTrue(Files.exists(umbrella.resolve("charts/" + chart + "-0.1.0.tgz")), chart + " was not packaged");
        }
    }

    @Test
    void umbrellaChartPassesStrictLint() {
        LintResult result = new Helm(umbrella).lint().strict().call();

        assertFalse(result.isFailed(), () -> "helm lint --strict failed: " + result.getMessages());
    }

    @Test
    void defaultsRenderAllFiveServicesOnTheSharedIssuerAndDatabaseServer() {
        List<JsonNode> docs = render("atrium", Map.of());

        assertEquals(new TreeSet<>(PORTS.keySet()), deployments(docs).keySet());
        deployments(docs).forEach((chart, deployment) -> {
            JsonNode env = container(deployment).path("env");
            assertEquals("atrium-" + chart, deployment.path("metadata").path("name").asText());
            assertEquals(DEFAULT_ISSUER, envValue(env, "ATRIUM_OIDC_URL"), chart);
            for (JsonNode var : env) {
                assertFalse(EXPONENT.matcher(var.path("value").asText()).matches(),
                        () -> chart + ": a number the service cannot parse: " + var);
            }
            Optional.ofNullable(DATABASES.get(chart)).ifPresent(db -> {
                String[] nameAndDatabase = db.split("=");
                assertEquals("jdbc:postgresql://postgresql:5432/" + nameAndDatabase[1], envValue(env, nameAndDatabase[0]));
            });
        });
        assertEquals("1000000", envValue(env(deployments(docs), "access-service"),
                "ATRIUM_ACCESS_POLICY_STANDARD_AUTO_APPROVE_MAX_MONTHLY_TOKENS"));
    }

    @ParameterizedTest(name = "release {0}")
    @ValueSource(strings = {"atrium", "acme", "catalog-service-prod"})
    void everyServiceUrlNamesAServiceAndPortOfTheSameRelease(String release) {
        List<JsonNode> docs = render(release, Map.of());
        Map<String, Integer> servicePorts = servicePorts(docs);

        deployments(docs).forEach((chart, deployment) -> {
            Map<String, String> urls = serviceUrls(container(deployment).path("env"));
            assertEquals(CALLS.get(chart), urls.keySet(), chart + " calls");
            urls.forEach((name, url) -> {
                URI uri = URI.create(url);
                String target = TARGET_OF.get(name);
                assertEquals("http", uri.getScheme(), url);
                assertEquals(servicePorts.get(uri.getHost()), uri.getPort(),
                        () -> chart + " " + name + "=" + url + " names no Service of the release: " + servicePorts);
                assertEquals(PORTS.get(target), uri.getPort(), url);
                assertEquals(serviceOf(docs, target), uri.getHost(), chart + " " + name);
            });
        });
    }

    @Test
    void servicesFollowTheGlobalIssuerDatabaseServerAndUrls() {
        List<JsonNode> docs = render("atrium", Map.of(
                "global.atrium.oidc.url", "https://sso.example.com/realms/platform",
                "global.atrium.postgresql.host", "db.internal",
                "global.atrium.postgresql.port", 6432,
                "global.atrium.postgresql.parameters", "sslmode=verify-full",
                "global.atrium.services.hubUrl", "https://atrium.example.com",
                "catalog-service.database.name", "catalog_prod"));

        Map<String, JsonNode> deployments = deployments(docs);
        deployments.forEach((chart, deployment) ->
                assertEquals("https://sso.example.com/realms/platform",
                        envValue(container(deployment).path("env"), "ATRIUM_OIDC_URL"), chart));
        assertAll(
                () -> assertEquals("jdbc:postgresql://db.internal:6432/catalog_prod?sslmode=verify-full",
                        envValue(env(deployments, "catalog-service"), "ATRIUM_CATALOG_DB_URL")),
                () -> assertEquals("jdbc:postgresql://db.internal:6432/atrium_scaffolder?sslmode=verify-full",
                        envValue(env(deployments, "scaffolder-service"), "ATRIUM_SCAFFOLDER_DB_URL")),
                () -> assertEquals("jdbc:postgresql://db.internal:6432/atrium_access?sslmode=verify-full",
                        envValue(env(deployments, "access-service"), "ATRIUM_ACCESS_DB_URL")),
                () -> assertEquals("jdbc:postgresql://db.internal:6432/atrium_metrics?sslmode=verify-full",
                        envValue(env(deployments, "metrics-service"), "ATRIUM_METRICS_DB_URL")),
                () -> assertEquals("https://atrium.example.com",
                        envValue(env(deployments, "scaffolder-service"), "ATRIUM_HUB_URL")),
                () -> assertEquals("catalog-service",
                        envValue(env(deployments, "catalog-service"), "ATRIUM_OIDC_AUDIENCE")));
    }

    @Test
    void withoutASharedDatabaseHostEachServiceUsesItsOwnDatabaseUrl() {
        List<JsonNode> docs = render("atrium", Map.of(
                "global.atrium.postgresql.host", "",
                "access-service.database.url", "jdbc:postgresql://access-db:5432/access"));

        assertEquals("jdbc:postgresql://access-db:5432/access",
                envValue(env(deployments(docs), "access-service"), "ATRIUM_ACCESS_DB_URL"));
        assertEquals("jdbc:postgresql://postgresql:5432/atrium_catalog",
                envValue(env(deployments(docs), "catalog-service"), "ATRIUM_CATALOG_DB_URL"));
    }

    @ParameterizedTest(name = "{0}.enabled=false")
    @ValueSource(strings = {"access-service", "hub-ui"})
    void aDisabledServiceRendersNothing(String chart) {
        List<JsonNode> docs = render("atrium", Map.of(chart + ".enabled", false));

        Set<String> expected = new TreeSet<>(PORTS.keySet());
        expected.remove(chart);
        assertEquals(expected, deployments(docs).keySet());
        assertTrue(docs.stream().noneMatch(doc -> chart.equals(chartOf(doc))
                        || doc.path("metadata").path("name").asText().endsWith(chart)),
                () -> chart + " still renders " + docs.stream().filter(doc -> chart.equals(chartOf(doc)))
                        .map(doc -> doc.path("kind").asText()).toList());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "global.atrium.oidc.url              | keycloak            | global.atrium.oidc.url",
        "global.atrium.oidc.url              | ''                  | global.atrium.oidc.url",
        "global.atrium.postgresql.port       | 0                   | global.atrium.postgresql.port",
        "global.atrium.postgresql.port       | 70000               | global.atrium.postgresql.port",
        "global.atrium.postgresql.host       | db_internal         | global.atrium.postgresql.host",
        "global.atrium.postgresql.parameters | ?sslmode=require    | global.atrium.postgresql.parameters",
        "global.atrium.postgresql.password   | plain-text-password | Additional property password",
        "global.atrium.services.catalogUrl   | catalog             | global.atrium.services.catalogUrl",
        "hub-ui.enabled                      | maybe               | hub-ui.enabled",
        "unknownService.enabled              | true                | Additional property unknownService",
        "catalog-service.database.password   | plain-text-password | Additional property password",
        "access-service.database.name        | 'atrium access'     | database.name",
        "scaffolder-service.replicaCount     | -1                  | replicaCount"
    })
    void templateRejectsValuesViolatingTheSchemas(String key, String value, String expected) {
        TemplateCommand template = template("atrium", Map.of(key, value));

        IllegalStateException error = assertThrows(IllegalStateException.class, template::call);
        assertTrue(error.getMessage().contains(expected),
                () -> "error should name the offending key (" + expected + "): " + error.getMessage());
    }

    @Test
    void renderedManifestsCarryNoSecretValuesOnlyReferencesToExistingSecrets() {
        String manifests = template("atrium", Map.of()).call();
        List<JsonNode> docs = parse(manifests);

        assertTrue(docs.stream().noneMatch(doc -> Set.of("Secret", "ConfigMap").contains(doc.path("kind").asText())),
                "the chart must not render Secrets or ConfigMaps");
        Set<String> referenced = new TreeSet<>();
        deployments(docs).forEach((chart, deployment) -> {
            JsonNode container = container(deployment);
            assertFalse(container.has("envFrom"), chart + " must not pull whole objects into the environment");
            for (JsonNode var : container.path("env")) {
                String name = var.path("name").asText();
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertFalse(var.has("value"), name);
                    referenced.add(ref.path("name").asText() + "/" + ref.path("key").asText());
                } else if (SECRET_LIKE.matcher(name).matches()) {
                    throw new AssertionError(chart + " sets " + name + " as a plain value: " + var);
                }
            }
        });
        assertEquals(new TreeSet<>(DOCUMENTED_SECRETS), referenced);
    }

    private static TemplateCommand template(String release, Map<String, ?> values) {
        TemplateCommand template = new Helm(umbrella).template().withName(release).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template;
    }

    private static List<JsonNode> render(String release, Map<String, ?> values) {
        return parse(template(release, values).call());
    }

    private static List<JsonNode> parse(String manifests) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not valid YAML:\n" + manifests, e);
        }
    }

    /** Deployments by the chart that rendered them (label app.kubernetes.io/name). */
    private static Map<String, JsonNode> deployments(List<JsonNode> docs) {
        Map<String, JsonNode> deployments = new TreeMap<>();
        docs.stream().filter(doc -> "Deployment".equals(doc.path("kind").asText()))
                .forEach(doc -> assertTrue(deployments.put(chartOf(doc), doc) == null, "two Deployments of " + chartOf(doc)));
        return deployments;
    }

    private static String chartOf(JsonNode doc) {
        return doc.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
    }

    /** Name of the Service the given chart rendered. */
    private static String serviceOf(List<JsonNode> docs, String chart) {
        List<String> names = docs.stream()
                .filter(doc -> "Service".equals(doc.path("kind").asText()) && chart.equals(chartOf(doc)))
                .map(doc -> doc.path("metadata").path("name").asText())
                .toList();
        assertEquals(1, names.size(), () -> "Services of " + chart + ": " + names);
        return names.get(0);
    }

    private static Map<String, Integer> servicePorts(List<JsonNode> docs) {
        return docs.stream()
                .filter(doc -> "Service".equals(doc.path("kind").asText()))
                .collect(Collectors.toMap(doc -> doc.path("metadata").path("name").asText(),
                        doc -> doc.path("spec").path("ports").get(0).path("port").asInt()));
    }

    private static Map<String, String> serviceUrls(JsonNode env) {
        Map<String, String> urls = new TreeMap<>();
        for (JsonNode var : env) {
            if (SERVICE_URL.matcher(var.path("name").asText()).matches()) {
                urls.put(var.path("name").asText(), var.path("value").asText());
            }
        }
        return urls;
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static JsonNode env(Map<String, JsonNode> deployments, String chart) {
        return container(deployments.get(chart)).path("env");
    }

    private static String envValue(JsonNode env, String name) {
        return StreamSupport.stream(env.spliterator(), false)
                .filter(var -> name.equals(var.path("name").asText()))
                .map(var -> var.path("value").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not set"));
    }

    /** Copies the chart sources, leaving out what helm dependency update generates. */
    private static void copyCharts(Path from, Path to) throws IOException {
        Map<Path, Path> copies = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> copies.put(path, to.resolve(from.relativize(path).toString())));
        }
        for (Map.Entry<Path, Path> copy : copies.entrySet()) {
            Path relative = from.relativize(copy.getKey());
            if (relative.startsWith(Paths.get("atrium", "charts")) || relative.equals(Paths.get("atrium", "Chart.lock"))) {
                continue;
            }
            if (Files.isDirectory(copy.getKey())) {
                Files.createDirectories(copy.getValue());
            } else {
                Files.copy(copy.getKey(), copy.getValue());
            }
        }
    }
}
