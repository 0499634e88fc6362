package dev.atrium.commons.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Renders an Atrium Helm chart with the Helm library bundled in helm-java and reads the manifests,
 * so chart tests need no helm binary, no cluster and no network.
 */
public final class HelmCharts {
    /** The release name and namespace every chart test renders with. */
    public static final String RELEASE = "atrium";
    public static final String NAMESPACE = "atrium";

    private static final YAMLMapper YAML = new YAMLMapper();

    private HelmCharts() {
    }

    /** {@code helm template} of {@code chart} with {@code values} set as {@code --set key=value}. */
    public static TemplateCommand template(Path chart, Map<String, ?> values) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template;
    }

    /** The rendered objects of {@code chart} with {@code values}. */
    public static List<JsonNode> render(Path chart, Map<String, ?> values) {
        return parse(template(chart, values).call());
    }

    /** The Kubernetes objects in a multi-document YAML stream (empty documents and comments dropped). */
    public static List<JsonNode> parse(String manifests) {
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

    public static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(doc -> doc.path("kind").asText()).toList();
    }

    /** The one object of {@code kind}; fails when there is none or more than one. */
    public static JsonNode single(List<JsonNode> docs, String kind) {
        List<JsonNode> matching = docs.stream().filter(doc -> kind.equals(doc.path("kind").asText())).toList();
        assertEquals(1, matching.size(), () -> "expected exactly one " + kind + " in " + kinds(docs));
        return matching.get(0);
    }

    public static JsonNode deployment(List<JsonNode> docs) {
        return single(docs, "Deployment");
    }

    /** The Deployment's only container. */
    public static JsonNode container(List<JsonNode> docs) {
        JsonNode containers = deployment(docs).path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    /** The first item of a JSON array whose {@code field} is {@code value}. */
    public static Optional<JsonNode> find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(item -> value.equals(item.path(field).asText()))
                .findFirst();
    }

    /** The plain value of environment variable {@code name}; fails when it is not set. */
    public static String envValue(JsonNode env, String name) {
        return find(env, "name", name)
                .map(var -> var.path("value").asText())
                .orElseThrow(() -> new AssertionError(name + " not set"));
    }

    /** Environment variable {@code name} comes from key {@code key} of Secret {@code secret}, never as a plain value. */
    public static void assertSecretRef(JsonNode env, String name, String secret, String key) {
        JsonNode var = find(env, "name", name).orElseThrow(() -> new AssertionError(name + " not set"));
        assertFalse(var.has("value"), name + " must not be a plain value");
        assertEquals(secret, var.path("valueFrom").path("secretKeyRef").path("name").asText(), name);
        assertEquals(key, var.path("valueFrom").path("secretKeyRef").path("key").asText(), name);
    }

    /** {@code probe} of the container is an HTTP GET of {@code path} on the named port {@code http}. */
    public static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        assertTrue(httpGet.isObject(), probe + " must be an httpGet probe");
        assertEquals(path, httpGet.path("path").asText(), probe + " path");
        assertEquals("http", httpGet.path("port").asText(), probe + " port");
    }

    /**
     * The volume behind the container's only mount, which must be {@code /tmp}: the one writable place
     * of a read-only root filesystem.
     */
    public static JsonNode tmpVolume(List<JsonNode> docs) {
        JsonNode volumes = deployment(docs).path("spec").path("template").path("spec").path("volumes");
        JsonNode mounts = container(docs).path("volumeMounts");

        assertEquals(1, mounts.size());
        assertEquals("/tmp", mounts.get(0).path("mountPath").asText());
        return find(volumes, "name", mounts.get(0).path("name").asText())
                .orElseThrow(() -> new AssertionError("no volume for the /tmp mount"));
    }

    /** A copy of {@code chart} under {@code target} (same directory name), to lint edited values. */
    public static Path copyChart(Path chart, Path target) throws IOException {
        Path copy = target.resolve(chart.toAbsolutePath().normalize().getFileName().toString());
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(chart.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(source, to);
                }
            }
        }
        return copy;
    }
}
