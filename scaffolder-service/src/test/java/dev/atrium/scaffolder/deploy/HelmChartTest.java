package dev.atrium.scaffolder.deploy;

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
 * Lints and renders the scaffolder-service Helm chart with the Helm library bundled in helm-java,
 * so the chart is checked on every build without a helm binary, a cluster or network access.
 */
class HelmChartTest {

    private static final Path CHART = Paths.get("../helm/scaffolder-service");
    private static final String RELEASE = "atrium";
    private static final String NAMESPACE = "atrium";
    private static final String FULLNAME = "atrium-scaffolder-service";
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
    void deploymentListensOnNamedHttpPort8082() {
        JsonNode port = container(render(Map.of())).path("ports").get(0);

        assertEquals("http", port.path("name").asText());
        assertEquals(8082, port.path("containerPort").asInt());
    }

    @Test
    void deploymentRunsAsNonRootWithReadOnlyRootFilesystem() {
        List<JsonNode> docs = render(Map.of());
        JsonNode pod = deployment(docs).path("spec").path("template").path("spec");
        JsonNode securityContext = container(docs).path("securityContext");

        assertAll(
                () -> assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean()),
                () -> assertEquals(185, pod.path("securityContext").path("runAsUser").asInt()),
                () -> assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText()),
                () -> assertTrue(securityContext.path("runAsNonRoot").asBoolean()),
                () -> assertTrue(securityContext.path("readOnlyRootFilesystem").asBoolean()),
                () -> assertFalse(securityContext.path("allowPrivilegeEscalation").asBoolean(true)),
                () -> assertEquals("ALL", securityContext.path("capabilities").path("drop").get(0).asText()),
                () -> assertFalse(pod.path("automountServiceAccountToken").asBoolean(true)));
    }

    @Test
    void workspacesLiveInASizeLimitedTmpEmptyDirTheOnlyWritableMount() {
        List<JsonNode> docs = render(Map.of());
        JsonNode volumes = deployment(docs).path("spec").path("template").path("spec").path("volumes");
        JsonNode mounts = container(docs).path("volumeMounts");

        assertEquals(1, mounts.size());
        assertEquals("/tmp", mounts.get(0).path("mountPath").asText());
        JsonNode tmp = find(volumes, "name", mounts.get(0).path("name").asText())
                .orElseThrow(() -> new AssertionError("no volume for the /tmp mount"));
        assertEquals("1Gi", tmp.path("emptyDir").path("sizeLimit").asText());
    }

    @Test
    void resourcesAndJvmSettingsAreDeliberate() {
        JsonNode container = container(render(Map.of()));
        JsonNode resources = container.path("resources");
        String javaOpts = envValue(container.path("env"), "JAVA_OPTS_APPEND");

        assertAll(
                () -> assertEquals("250m", resources.path("requests").path("cpu").asText()),
                () -> assertEquals("256Mi", resources.path("requests").path("memory").asText()),
                () -> assertEquals("384Mi", resources.path("limits").path("memory").asText()),
                () -> assertTrue(javaOpts.startsWith("-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager "),
                        javaOpts),
                () -> assertTrue(javaOpts.matches(".*-Xmx[0-9]+m.*"), "a heap cap: " + javaOpts),
                () -> assertEquals(dockerfileJvmOptions(), javaOpts, "the chart and the image ship the same JVM settings"));
    }

    @Test
    void credentialsComeFromExistingSecretsOnly() {
        List<JsonNode> docs = render(Map.of(
                "database.existingSecret", "scaffolder-db", "database.passwordKey", "db-password",
                "oidc.clientSecret.existingSecret", "scaffolder-oidc", "oidc.clientSecret.key", "secret",
                "secretsKey.existingSecret", "scaffolder-key", "secretsKey.key", "aes",
                "github.token.existingSecret", "scaffolder-github", "github.token.key", "pat"));
        JsonNode env = container(docs).path("env");

        assertAll(
                () -> assertSecretRef(env, "ATRIUM_SCAFFOLDER_DB_PASSWORD", "scaffolder-db", "db-password"),
                () -> assertSecretRef(env, "ATRIUM_OIDC_CLIENT_SECRET", "scaffolder-oidc", "secret"),
                () -> assertSecretRef(env, "ATRIUM_SCAFFOLDER_SECRETS_KEY", "scaffolder-key", "aes"),
                () -> assertSecretRef(env, "ATRIUM_SCAFFOLDER_PUBLISH_GITHUB_TOKEN", "scaffolder-github", "pat"),
                () -> assertTrue(kinds(docs).stream().noneMatch("Secret"::equals), "chart must not render a Secret"));
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
    void serviceExposesHttpPortOfTheDeployment() {
        List<JsonNode> docs = render(Map.of());
        JsonNode service = single(docs, "Service");
        JsonNode port = service.path("spec").path("ports").get(0);

        assertAll(
                () -> assertEquals(FULLNAME, service.path("metadata").path("name").asText()),
                () -> assertEquals(8082, port.path("port").asInt()),
                () -> assertEquals("http", port.path("targetPort").asText()),
                () -> assertEquals(deployment(docs).path("spec").path("selector").path("matchLabels"), service.path("spec").path("selector")));
    }

    @Test
    void optionalObjectsAreNotRenderedByDefault() {
        List<JsonNode> docs = render(Map.of());

        assertEquals(List.of("Deployment", "Service", "ServiceAccount"), kinds(docs).stream().sorted().toList());
        assertEquals(1, deployment(docs).path("spec").path("replicas").asInt());
    }

    @Test
    void optionalObjectsAreRenderedWhenEnabled() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ingress.enabled", true);
        values.put("autoscaling.enabled", true);
        values.put("pdb.enabled", true);
        values.put("networkPolicy.enabled", true);
        values.put("networkPolicy.egress.enabled", true);
        List<JsonNode> docs = render(values);

        assertTrue(kinds(docs).containsAll(OPTIONAL_KINDS), () -> "rendered kinds: " + kinds(docs));
        JsonNode paths = single(docs, "Ingress").path("spec").path("rules").get(0).path("http").path("paths");
        assertEquals(List.of("/api/scaffolder", "/mcp"), StreamSupport.stream(paths.spliterator(), false).map(p -> p.path("path").asText()).toList());
        assertEquals(8082, paths.get(0).path("backend").path("service").path("port").path("number").asInt());
        JsonNode hpa = single(docs, "HorizontalPodAutoscaler");
        assertEquals(FULLNAME, hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertFalse(deployment(docs).path("spec").has("replicas"), "replicas must be left to the HPA");
        assertEquals(1, single(docs, "PodDisruptionBudget").path("spec").path("minAvailable").asInt());
        JsonNode policy = single(docs, "NetworkPolicy").path("spec");
        assertEquals("http", policy.path("ingress").get(0).path("ports").get(0).path("port").asText());
        assertEquals(53, policy.path("egress").get(0).path("ports").get(0).path("port").asInt());
    }

    @Test
    void scrapeAnnotationsPointAtQuarkusMetrics() {
        JsonNode annotations = deployment(render(Map.of("metrics.scrapeAnnotations", true)))
                .path("spec").path("template").path("metadata").path("annotations");

        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        assertEquals("8082", annotations.path("prometheus.io/port").asText());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "replicaCount, -1",
        "service.port, http",
        "image.pullPolicy, Sometimes",
        "database.password, plain-text-password",
        "database.existingSecret, ''",
        "secretsKey.existingSecret, ''",
        "secretsKey.value, c2VjcmV0",
        "oidc.clientSecret.value, scaffolder-secret",
        "github.token.value, ghp_plain",
        "github.apiUrl, http://api.github.com",
        "services.catalogUrl, catalog:8081",
        "scaffolder.workerConcurrency, 0",
        "javaOptsAppend, -XX:+UseSerialGC",
        "securityContext.runAsNonRoot, false"
    })
    void templateRejectsValuesViolatingSchema(String key, String value) {
        TemplateCommand template = template(Map.of(key, value));

        IllegalStateException error = assertThrows(IllegalStateException.class, template::call);
        assertTrue(error.getMessage().contains(key.substring(key.lastIndexOf('.') + 1)),
                () -> "error should name the offending key: " + error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "replicaCount: 1 | replicaCount: -1",
        "workerConcurrency: 8 | workerConcurrency: none"
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

    @Test
    void devUpStartsTheScaffolderWithTheShippedJvmSettings() throws IOException {
        String shipped = dockerfileJvmOptions().replace("-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager ", "");
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

    private static TemplateCommand template(Map<String, ?> values) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template;
    }

    private static List<JsonNode> render(Map<String, ?> values) {
        String manifests = template(values).call();
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
        return StreamSupport.stream(array.spliterator(), false).filter(item -> value.equals(item.path(field).asText())).findFirst();
    }

    private static String envValue(JsonNode env, String name) {
        return find(env, "name", name).map(var -> var.path("value").asText()).orElseThrow(() -> new AssertionError(name + " not set"));
    }

    private static void assertSecretRef(JsonNode env, String name, String secret, String key) {
        JsonNode var = find(env, "name", name).orElseThrow(() -> new AssertionError(name + " not set"));
        assertFalse(var.has("value"), name + " must not be a plain value");
        assertEquals(secret, var.path("valueFrom").path("secretKeyRef").path("name").asText(), name);
        assertEquals(key, var.path("valueFrom").path("secretKeyRef").path("key").asText(), name);
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        assertTrue(httpGet.isObject(), probe + " must be an httpGet probe");
        assertEquals(path, httpGet.path("path").asText(), probe + " path");
        assertEquals("http", httpGet.path("port").asText(), probe + " port");
    }

    private static Path copyChart(Path target) throws IOException {
        Path chart = target.resolve("scaffolder-service");
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
