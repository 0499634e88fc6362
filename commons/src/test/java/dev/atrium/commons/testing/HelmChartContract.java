package dev.atrium.commons.testing;

import static dev.atrium.commons.testing.HelmCharts.assertProbe;
import static dev.atrium.commons.testing.HelmCharts.assertSecretRef;
import static dev.atrium.commons.testing.HelmCharts.container;
import static dev.atrium.commons.testing.HelmCharts.deployment;
import static dev.atrium.commons.testing.HelmCharts.kinds;
import static dev.atrium.commons.testing.HelmCharts.single;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every Atrium service chart promises (lint, Quarkus probes, non-root read-only pod, /tmp emptyDir,
 * deliberate resources, credentials from existing Secrets only, a values schema that rejects bad input,
 * optional objects off by default): a service's {@code HelmChartTest} extends this with its chart and adds
 * the tests of its own settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HelmChartContract {

    /** Expected container resources in the default values. */
    public record Resources(String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {
    }

    /** Environment variable {@code env} is read from key {@code key} of Secret {@code secret}. */
    public record SecretRef(String env, String secret, String key) {
    }

    protected final Path chart;
    protected final String fullname;
    protected final int port;

    /**
     * @param chartName the directory under {@code helm/} (also the chart name, so the release
     *                  {@value HelmCharts#RELEASE} is called {@code atrium-<chartName>})
     * @param port      the container and Service port
     */
    protected HelmChartContract(String chartName, int port) {
        this.chart = Paths.get("../helm", chartName);
        this.fullname = HelmCharts.RELEASE + "-" + chartName;
        this.port = port;
    }

    /** The Ingress paths, in order, when the Ingress is enabled with the default hosts. */
    protected abstract List<String> ingressPaths();

    /** The container resources of the default values. */
    protected abstract Resources resources();

    /** Values naming existing Secrets for every credential the chart takes. */
    protected abstract Map<String, ?> existingSecretValues();

    /** The environment variables that must come from those Secrets. */
    protected abstract List<SecretRef> existingSecretRefs();

    /** Values that switch every optional object on. */
    protected Map<String, Object> optionalObjectValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ingress.enabled", true);
        values.put("autoscaling.enabled", true);
        values.put("pdb.enabled", true);
        values.put("networkPolicy.enabled", true);
        values.put("networkPolicy.egress.enabled", true);
        return values;
    }

    /** The kinds {@link #optionalObjectValues()} must add. */
    protected List<String> optionalKinds() {
        return List.of("Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");
    }

    /** The chart's own {@code key, value} pairs its values schema must refuse, beyond the common ones. */
    protected List<Arguments> extraSchemaViolations() {
        return List.of();
    }

    /** The chart's own {@code line, replacement} edits of values.yaml that lint must refuse, beyond the common ones. */
    protected List<Arguments> extraValuesFileViolations() {
        return List.of();
    }

    protected TemplateCommand template(Map<String, ?> values) {
        return HelmCharts.template(chart, values);
    }

    protected List<JsonNode> render(Map<String, ?> values) {
        return HelmCharts.render(chart, values);
    }

    /** Rendering with {@code values} fails with a message that contains {@code expected}. */
    protected void assertTemplateRejects(Map<String, ?> values, String expected) {
        TemplateCommand template = template(values);

        IllegalStateException error = assertThrows(IllegalStateException.class, template::call);
        assertTrue(error.getMessage().contains(expected), error::getMessage);
    }

    @Test
    public void chartPassesLint() {
        LintResult result = new Helm(chart).lint().call();

        assertFalse(result.isFailed(), () -> "helm lint failed: " + result.getMessages());
    }

    @Test
    public void chartPassesStrictLint() {
        LintResult result = new Helm(chart).lint().strict().call();

        assertFalse(result.isFailed(), () -> "helm lint --strict failed: " + result.getMessages());
    }

    @Test
    public void deploymentProbesUseQuarkusHealthPaths() {
        JsonNode container = container(render(Map.of()));

        assertAll(
                () -> assertProbe(container, "startupProbe", "/q/health/started"),
                () -> assertProbe(container, "livenessProbe", "/q/health/live"),
                () -> assertProbe(container, "readinessProbe", "/q/health/ready"));
    }

    @Test
    public void deploymentListensOnNamedHttpPort() {
        JsonNode port = container(render(Map.of())).path("ports").get(0);

        assertEquals("http", port.path("name").asText());
        assertEquals(this.port, port.path("containerPort").asInt());
    }

    @Test
    public void deploymentRunsAsNonRootWithReadOnlyRootFilesystem() {
        List<JsonNode> docs = render(Map.of());
        JsonNode pod = deployment(docs).path("spec").path("template").path("spec");
        JsonNode securityContext = container(docs).path("securityContext");

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
    public void tmpIsTheOnlyWritableMountAndIsAnEmptyDir() {
        JsonNode tmp = HelmCharts.tmpVolume(render(Map.of()));

        assertTrue(tmp.has("emptyDir"), "/tmp must be an emptyDir");
    }

    @Test
    public void deploymentSetsResourceRequestsAndLimits() {
        JsonNode resources = container(render(Map.of())).path("resources");
        Resources expected = resources();

        assertAll(
                () -> assertEquals(expected.requestsCpu(), resources.path("requests").path("cpu").asText()),
                () -> assertEquals(expected.requestsMemory(), resources.path("requests").path("memory").asText()),
                () -> assertEquals(expected.limitsCpu(), resources.path("limits").path("cpu").asText()),
                () -> assertEquals(expected.limitsMemory(), resources.path("limits").path("memory").asText()));
    }

    @Test
    public void credentialsComeFromExistingSecretsOnly() {
        List<JsonNode> docs = render(existingSecretValues());
        JsonNode env = container(docs).path("env");

        Stream<Executable> refs = existingSecretRefs().stream()
                .map(ref -> () -> assertSecretRef(env, ref.env(), ref.secret(), ref.key()));
        Executable noSecret = () -> assertTrue(kinds(docs).stream().noneMatch("Secret"::equals),
                "chart must not render a Secret");
        assertAll(Stream.concat(refs, Stream.of(noSecret)));
    }

    @Test
    public void serviceExposesHttpPortOfTheDeployment() {
        List<JsonNode> docs = render(Map.of());
        JsonNode service = single(docs, "Service");
        JsonNode port = service.path("spec").path("ports").get(0);

        assertAll(
                () -> assertEquals(fullname, service.path("metadata").path("name").asText()),
                () -> assertEquals("ClusterIP", service.path("spec").path("type").asText()),
                () -> assertEquals(this.port, port.path("port").asInt()),
                () -> assertEquals("http", port.path("targetPort").asText()),
                () -> assertEquals(
                        deployment(docs).path("spec").path("selector").path("matchLabels"),
                        service.path("spec").path("selector")));
    }

    @Test
    public void optionalObjectsAreNotRenderedByDefault() {
        List<JsonNode> docs = render(Map.of());

        assertEquals(List.of("Deployment", "Service", "ServiceAccount"), kinds(docs).stream().sorted().toList());
        assertEquals(1, deployment(docs).path("spec").path("replicas").asInt());
        assertFalse(deployment(docs).path("spec").path("template").path("metadata").path("annotations")
                .has("prometheus.io/scrape"));
    }

    @Test
    public void optionalObjectsAreRenderedWhenEnabled() {
        List<JsonNode> docs = render(optionalObjectValues());

        assertTrue(kinds(docs).containsAll(optionalKinds()), () -> "rendered kinds: " + kinds(docs));

        JsonNode paths = single(docs, "Ingress").path("spec").path("rules").get(0).path("http").path("paths");
        assertEquals(ingressPaths(),
                StreamSupport.stream(paths.spliterator(), false).map(p -> p.path("path").asText()).toList());
        assertEquals(fullname, paths.get(0).path("backend").path("service").path("name").asText());
        assertEquals(port, paths.get(0).path("backend").path("service").path("port").path("number").asInt());

        JsonNode hpa = single(docs, "HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals(fullname, hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertEquals(2, hpa.path("spec").path("minReplicas").asInt());
        assertFalse(deployment(docs).path("spec").has("replicas"), "replicas must be left to the HPA");

        assertEquals(1, single(docs, "PodDisruptionBudget").path("spec").path("minAvailable").asInt());

        JsonNode policy = single(docs, "NetworkPolicy").path("spec");
        assertEquals("http", policy.path("ingress").get(0).path("ports").get(0).path("port").asText());
        assertEquals(53, policy.path("egress").get(0).path("ports").get(0).path("port").asInt());
        assertEquals(
                deployment(docs).path("spec").path("selector").path("matchLabels"),
                policy.path("podSelector").path("matchLabels"));
    }

    @Test
    public void scrapeAnnotationsPointAtQuarkusMetrics() {
        JsonNode annotations = deployment(render(Map.of("metrics.scrapeAnnotations", true)))
                .path("spec").path("template").path("metadata").path("annotations");

        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        assertEquals(String.valueOf(port), annotations.path("prometheus.io/port").asText());
    }

    protected Stream<Arguments> schemaViolations() {
        return Stream.concat(Stream.of(
                Arguments.of("replicaCount", "-1"),
                Arguments.of("replicaCount", "two"),
                Arguments.of("service.port", "http"),
                Arguments.of("service.type", "Internal"),
                Arguments.of("image.pullPolicy", "Sometimes"),
                Arguments.of("autoscaling.targetCPUUtilizationPercentage", "150"),
                Arguments.of("securityContext.runAsNonRoot", "false")),
                extraSchemaViolations().stream());
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("schemaViolations")
    public void templateRejectsValuesViolatingSchema(String key, String value) {
        TemplateCommand template = template(Map.of(key, value));

        IllegalStateException error = assertThrows(IllegalStateException.class, template::call);
        assertTrue(error.getMessage().contains(key.substring(key.lastIndexOf('.') + 1)),
                () -> "error should name the offending key: " + error.getMessage());
    }

    @Test
    public void templateRejectsMinReplicasAboveMaxReplicas() {
        assertTemplateRejects(Map.of(
                "autoscaling.enabled", true,
                "autoscaling.minReplicas", 9,
                "autoscaling.maxReplicas", 3), "minReplicas");
    }

    protected Stream<Arguments> valuesFileViolations() {
        return Stream.concat(Stream.of(
                Arguments.of("replicaCount: 1", "replicaCount: -1"),
                Arguments.of("replicaCount: 1", "replicaCount: two"),
                Arguments.of("pullPolicy: IfNotPresent", "pullPolicy: Sometimes")),
                extraValuesFileViolations().stream());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("valuesFileViolations")
    public void lintFailsWhenValuesFileViolatesSchema(String line, String replacement, @TempDir Path tmp) throws IOException {
        Path copy = HelmCharts.copyChart(chart, tmp);
        Path values = copy.resolve("values.yaml");
        String original = Files.readString(values);
        assertTrue(original.contains(line + "\n"), () -> "values.yaml no longer contains '" + line + "'");
        Files.writeString(values, original.replace(line + "\n", replacement + "\n"));

        LintResult result = new Helm(copy).lint().call();

        assertTrue(result.isFailed(), () -> "lint accepted '" + replacement + "': " + result.getMessages());
    }
}
