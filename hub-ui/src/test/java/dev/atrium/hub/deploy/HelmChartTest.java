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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lints and renders the hub-ui Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 */
class HelmChartTest {

    private static final Path CHART = Paths.get("../helm/hub-ui");
    private static final String RELEASE = "atrium";
    private static final String NAMESPACE = "atrium";
    private static final String FULLNAME = "atrium-hub-ui";
    private static final List<String> OPTIONAL_KINDS =
            List.of("Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void chartPassesLint() {
        LintResult result = new Helm(CHART).lint().call();

        assertFalse(result.isFailed(), () -> "helm lint failed: " + result.getMessages());
    }

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertFalse(result.isFailed(), () -> "helm lint --strict failed: " + result.getMessages());
    }

    @Test
    void deploymentProbesUseQuarkusHealthPaths() {
        JsonNode container = container(render(Map.of()));

        assertAll(
                () -> assertProbe(container, "startupProbe", "/q/health/started"),
                () -> assertProbe(container, "livenessProbe", "/q/health/live"),
                () -> assertProbe(container, "readinessProbe", "/q/health/ready"));
    }

    @Test
    void deploymentListensOnNamedHttpPort8080() {
        JsonNode port = container(render(Map.of())).path("ports").get(0);

        assertEquals("http", port.path("name").asText());
        assertEquals(8080, port.path("containerPort").asInt());
    }

    @Test
    void deploymentRunsAsNonRootWithReadOnlyRootFilesystem() {
        List<JsonNode> docs = render(Map.of());
        JsonNode pod = deployment(docs).path("spec").path("template").path("spec");
        JsonNode container = container(docs);
        JsonNode securityContext = container.path("securityContext");

        assertAll(
                () -> assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean()),
                () -> assertEquals(185, pod.path("securityContext").path("runAsUser").asInt()),
                () -> assertEquals("RuntimeDefault",
                        pod.path("securityContext").path("seccompProfile").path("type").asText()),
                () -> assertTrue(securityContext.path("runAsNonRoot").asBoolean()),
                () -> assertEquals(185, securityContext.path("runAsUser").asInt()),
                () -> assertTrue(securityContext.path("readOnlyRootFilesystem").asBoolean()),
                () -> assertFalse(securityContext.path("allowPrivilegeEscalation").asBoolean(true)),
                () -> assertEquals("ALL", securityContext.path("capabilities").path("drop").get(0).asText()),
                () -> assertFalse(pod.path("automountServiceAccountToken").asBoolean(true)));
    }

    @Test
    void tmpIsTheOnlyWritableMountAndIsAnEmptyDir() {
        List<JsonNode> docs = render(Map.of());
        JsonNode volumes = deployment(docs).path("spec").path("template").path("spec").path("volumes");
        JsonNode mounts = container(docs).path("volumeMounts");

        assertEquals(1, mounts.size());
        assertEquals("/tmp", mounts.get(0).path("mountPath").asText());
        JsonNode tmp = find(volumes, "name", mounts.get(0).path("name").asText())
                .orElseThrow(() -> new AssertionError("no volume for the /tmp mount"));
        assertTrue(tmp.has("emptyDir"), "/tmp must be an emptyDir");
    }

    @Test
    void deploymentSetsResourceRequestsAndLimits() {
        JsonNode resources = container(render(Map.of())).path("resources");

        assertAll(
                () -> assertEquals("100m", resources.path("requests").path("cpu").asText()),
                () -> assertEquals("192Mi", resources.path("requests").path("memory").asText()),
                () -> assertEquals("1", resources.path("limits").path("cpu").asText()),
                () -> assertEquals("384Mi", resources.path("limits").path("memory").asText()));
    }

    @Test
    void clientSecretAndSessionSecretComeFromExistingSecretsOnly() {
        List<JsonNode> docs = render(Map.of(
                "oidc.existingSecret", "hub-oidc",
                "oidc.clientSecretKey", "secret",
                "session.existingSecret", "hub-session",
                "session.secretKey", "key"));
        JsonNode env = container(docs).path("env");

        JsonNode client = find(env, "name", "ATRIUM_OIDC_CLIENT_SECRET")
                .orElseThrow(() -> new AssertionError("ATRIUM_OIDC_CLIENT_SECRET not set"));
        JsonNode session = find(env, "name", "ATRIUM_HUB_SESSION_SECRET")
                .orElseThrow(() -> new AssertionError("ATRIUM_HUB_SESSION_SECRET not set"));
        assertAll(
                () -> assertFalse(client.has("value"), "the client secret must not be a plain value"),
                () -> assertEquals("hub-oidc", client.path("valueFrom").path("secretKeyRef").path("name").asText()),
                () -> assertEquals("secret", client.path("valueFrom").path("secretKeyRef").path("key").asText()),
                () -> assertEquals("hub-session", session.path("valueFrom").path("secretKeyRef").path("name").asText()),
                () -> assertEquals("key", session.path("valueFrom").path("secretKeyRef").path("key").asText()),
                () -> assertTrue(kinds(docs).stream().noneMatch("Secret"::equals), "chart must not render a Secret"));
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

    @Test
    void serviceExposesHttpPortOfTheDeployment() {
        List<JsonNode> docs = render(Map.of());
        JsonNode service = single(docs, "Service");
        JsonNode port = service.path("spec").path("ports").get(0);

        assertAll(
                () -> assertEquals(FULLNAME, service.path("metadata").path("name").asText()),
                () -> assertEquals("ClusterIP", service.path("spec").path("type").asText()),
                () -> assertEquals(8080, port.path("port").asInt()),
                () -> assertEquals("http", port.path("targetPort").asText()),
                () -> assertEquals(
                        deployment(docs).path("spec").path("selector").path("matchLabels"),
                        service.path("spec").path("selector")));
    }

    @Test
    void optionalObjectsAreNotRenderedByDefault() {
        List<JsonNode> docs = render(Map.of());

        assertEquals(List.of("Deployment", "Service", "ServiceAccount"), kinds(docs).stream().sorted().toList());
        assertEquals(1, deployment(docs).path("spec").path("replicas").asInt());
        assertFalse(deployment(docs).path("spec").path("template").path("metadata").path("annotations")
                .has("prometheus.io/scrape"));
    }

    @Test
    void optionalObjectsAreRenderedWhenEnabled() {
        List<JsonNode> docs = render(allOptionalObjectsEnabled());

        assertTrue(kinds(docs).containsAll(OPTIONAL_KINDS), () -> "rendered kinds: " + kinds(docs));

        JsonNode ingressPath = single(docs, "Ingress").path("spec").path("rules").get(0)
                .path("http").path("paths").get(0);
        assertEquals("/", ingressPath.path("path").asText());
        assertEquals(FULLNAME, ingressPath.path("backend").path("service").path("name").asText());
        assertEquals(8080, ingressPath.path("backend").path("service").path("port").path("number").asInt());

        JsonNode hpa = single(docs, "HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals(FULLNAME, hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertEquals(2, hpa.path("spec").path("minReplicas").asInt());
        assertFalse(deployment(docs).path("spec").has("replicas"), "replicas must be left to the HPA");

        assertEquals(1, single(docs, "PodDisruptionBudget").path("spec").path("minAvailable").asInt());

        JsonNode policy = single(docs, "NetworkPolicy").path("spec");
        assertEquals("http", policy.path("ingress").get(0).path("ports").get(0).path("port").asText());
        assertEquals(
                deployment(docs).path("spec").path("selector").path("matchLabels"),
                policy.path("podSelector").path("matchLabels"));
    }

    @Test
    void scrapeAnnotationsPointAtQuarkusMetrics() {
        JsonNode annotations = deployment(render(Map.of("metrics.scrapeAnnotations", true)))
                .path("spec").path("template").path("metadata").path("annotations");

        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        assertEquals("8080", annotations.path("prometheus.io/port").asText());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "replicaCount, -1",
        "replicaCount, two",
        "service.port, http",
        "service.type, Internal",
        "image.pullPolicy, Sometimes",
        "oidc.clientSecret, plain-text-password",
        "oidc.existingSecret, ''",
        "services.catalogUrl, catalog:8081",
        "autoscaling.targetCPUUtilizationPercentage, 150",
        "securityContext.runAsNonRoot, false"
    })
    void templateRejectsValuesViolatingSchema(String key, String value) {
        TemplateCommand template = template(Map.of(key, value));

        IllegalStateException error = assertThrows(IllegalStateException.class, template::call);
        assertTrue(error.getMessage().contains(key.substring(key.lastIndexOf('.') + 1)),
                () -> "error should name the offending key: " + error.getMessage());
    }

    @Test
    void templateRejectsMinReplicasAboveMaxReplicas() {
        TemplateCommand template = template(Map.of(
                "autoscaling.enabled", true,
                "autoscaling.minReplicas", 9,
                "autoscaling.maxReplicas", 3));

        IllegalStateException error = assertThrows(IllegalStateException.class, template::call);
        assertTrue(error.getMessage().contains("minReplicas"), error::getMessage);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "replicaCount: 1 | replicaCount: -1",
        "replicaCount: 1 | replicaCount: two",
        "pullPolicy: IfNotPresent | pullPolicy: Sometimes"
    })
    void lintFailsWhenValuesFileViolatesSchema(String line, String replacement, @TempDir Path tmp) throws IOException {
        Path chart = copyChart(tmp);
        Path values = chart.resolve("values.yaml");
        String original = Files.readString(values);
        assertTrue(original.contains(line + "\n"), () -> "values.yaml no longer contains '" + line + "'");
        Files.writeString(values, original.replace(line + "\n", replacement + "\n"));

        LintResult result = new Helm(chart).lint().call();

        assertTrue(result.isFailed(), () -> "lint accepted '" + replacement + "': " + result.getMessages());
    }

    private static Map<String, Object> allOptionalObjectsEnabled() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ingress.enabled", true);
        values.put("autoscaling.enabled", true);
        values.put("pdb.enabled", true);
        values.put("networkPolicy.enabled", true);
        values.put("networkPolicy.egress.enabled", true);
        return values;
    }

    private static TemplateCommand template(Map<String, ?> values) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template;
    }

    private static List<JsonNode> render(Map<String, ?> values) {
        return parse(template(values).call());
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

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(doc -> doc.path("kind").asText()).toList();
    }

    private static JsonNode single(List<JsonNode> docs, String kind) {
        List<JsonNode> matching = docs.stream().filter(doc -> kind.equals(doc.path("kind").asText())).toList();
        assertEquals(1, matching.size(), () -> "expected exactly one " + kind + " in " + kinds(docs));
        return matching.get(0);
    }

    private static JsonNode deployment(List<JsonNode> docs) {
        return single(docs, "Deployment");
    }

    private static JsonNode container(List<JsonNode> docs) {
        JsonNode containers = deployment(docs).path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Optional<JsonNode> find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(item -> value.equals(item.path(field).asText()))
                .findFirst();
    }

    private static String envValue(JsonNode env, String name) {
        return find(env, "name", name)
                .map(var -> var.path("value").asText())
                .orElseThrow(() -> new AssertionError(name + " not set"));
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        assertTrue(httpGet.isObject(), probe + " must be an httpGet probe");
        assertEquals(path, httpGet.path("path").asText(), probe + " path");
        assertEquals("http", httpGet.path("port").asText(), probe + " port");
    }

    private static Path copyChart(Path target) throws IOException {
        Path chart = target.resolve("hub-ui");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = chart.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return chart;
    }
}
