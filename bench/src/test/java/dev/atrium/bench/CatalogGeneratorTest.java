package dev.atrium.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Tests that the generated catalog is deterministic, complete, valid and self-consistent. */
class CatalogGeneratorTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern TAG = Pattern.compile("^[a-z0-9+#]+(-[a-z0-9+#]+)*$");
    private static final Set<String> BACKSTAGE_KINDS = Set.of("Domain", "Group", "User", "System", "Component", "API",
            "Resource");

    /** Spec fields that hold references: the kinds each may point at, and the default kind when a ref has none. */
    private static final Map<String, Set<String>> REF_FIELDS = Map.of(
            "owner", Set.of("group"), "system", Set.of("system"), "domain", Set.of("domain"),
            "parent", Set.of("group"), "children", Set.of("group"), "memberOf", Set.of("group"),
            "providesApis", Set.of("api"), "consumesApis", Set.of("api"),
            "dependsOn", Set.of("component", "resource"), "models", Set.of("aimodel"));

    @TempDir
    Path tmp;

    @Test
    void sameSizeAndSeedWriteIdenticalBytes() throws IOException {
        new CatalogGenerator(1_500, 42, 400).writeTo(tmp.resolve("a"));
        new CatalogGenerator(1_500, 42, 400).writeTo(tmp.resolve("b"));

        List<String> files = fileNames(tmp.resolve("a"));
        assertEquals(files, fileNames(tmp.resolve("b")));
        assertEquals(2 * 4 + 2, files.size(), "4 parts with their Locations, the root Location and the manifest");
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void differentSeedWritesADifferentCatalog() throws IOException {
        new CatalogGenerator(1_500, 42).writeTo(tmp.resolve("a"));
        new CatalogGenerator(1_500, 43).writeTo(tmp.resolve("b"));

        assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a/part-0000.yaml")),
                Files.readAllBytes(tmp.resolve("b/part-0000.yaml"))));
        assertEquals(readEntities(tmp.resolve("a")).size(), readEntities(tmp.resolve("b")).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 21, 137, 999, 1_000, 1_001, 2_000})
    void writesExactlyTheRequestedNumberOfEntities(int n) throws IOException {
        CatalogManifest manifest = new CatalogGenerator(n, 7).writeTo(tmp);

        List<Map<String, Object>> entities = readEntities(tmp);
        assertEquals(n, entities.size());
        assertEquals(n, manifest.counts().total());
        int perFile = CatalogGenerator.DEFAULT_ENTITIES_PER_FILE;
        assertEquals((n + perFile - 1) / perFile, manifest.parts().size());
        assertTrue(entities.stream().noneMatch(e -> "Location".equals(e.get("kind"))));
    }

    @Test
    void rootLocationListsOneLocationPerPartFile() throws IOException {
        new CatalogGenerator(1_000, 1, 300).writeTo(tmp);

        List<Map<String, Object>> roots = readDocuments(tmp.resolve(CatalogGenerator.ROOT_FILE));
        assertEquals(1, roots.size());
        Map<String, Object> root = roots.get(0);
        assertEquals("backstage.io/v1alpha1", root.get("apiVersion"));
        assertEquals("Location", root.get("kind"));
        assertEquals(List.of("./part-0000.location.yaml", "./part-0001.location.yaml", "./part-0002.location.yaml",
                "./part-0003.location.yaml"), map(root, "spec").get("targets"));
        assertTrue(NAME.matcher((String) map(root, "metadata").get("name")).matches());
        for (int p = 0; p < 4; p++) {
            List<Map<String, Object>> part = readDocuments(tmp.resolve("part-000" + p + ".location.yaml"));
            assertEquals(1, part.size());
            assertEquals("Location", part.get(0).get("kind"));
            assertEquals("./part-000" + p + ".yaml", map(part.get(0), "spec").get("target"));
            assertTrue(NAME.matcher((String) map(part.get(0), "metadata").get("name")).matches());
        }
        assertEquals(List.of(300, 300, 300, 100), Stream.of(0, 1, 2, 3)
                .map(p -> sizeOf(tmp.resolve("part-000" + p + ".yaml"))).toList());
    }

    @Test
    void everyReferenceResolvesToAnEntityOfAnAllowedKind() throws IOException {
        new CatalogGenerator(2_000, 99).writeTo(tmp);
        List<Map<String, Object>> entities = readEntities(tmp);
        Set<String> refs = new HashSet<>();
        for (Map<String, Object> e : entities) {
            refs.add(refOf(e).toString());
        }

        int checked = 0;
        for (Map<String, Object> e : entities) {
            for (Map.Entry<String, Object> field : map(e, "spec").entrySet()) {
                Set<String> allowed = REF_FIELDS.get(field.getKey());
                if (allowed == null) {
                    continue;
                }
                List<?> values = field.getValue() instanceof List<?> l ? l : List.of(field.getValue());
                for (Object value : values) {
                    String defaultKind = allowed.size() == 1 ? allowed.iterator().next() : null;
                    EntityRef target = EntityRef.parse((String) value, defaultKind, EntityRef.DEFAULT_NAMESPACE);
                    assertTrue(allowed.contains(target.kind().toLowerCase()), refOf(e) + " " + field.getKey() + " -> " + value);
                    assertTrue(refs.contains(target.toString()), refOf(e) + " " + field.getKey() + " -> " + value + " does not resolve");
                    checked++;
                }
            }
        }
        assertTrue(checked > 2_000, "expected many references, checked " + checked);
    }

    @Test
    void namesAreValidAndUniquePerKind() throws IOException {
        new CatalogGenerator(2_000, 5).writeTo(tmp);
        Map<String, Set<String>> namesByKind = new HashMap<>();
        for (Map<String, Object> e : readEntities(tmp)) {
            String name = (String) map(e, "metadata").get("name");
            assertTrue(name.length() <= 63, name);
            assertTrue(NAME.matcher(name).matches(), name);
            assertTrue(namesByKind.computeIfAbsent(((String) e.get("kind")).toLowerCase(), k -> new HashSet<>())
                    .add(name.toLowerCase()), "duplicate " + e.get("kind") + " " + name);
        }
    }

    @Test
    void everyEntityHasTitleDescriptionAndLowerCaseTags() throws IOException {
        new CatalogGenerator(2_000, 11).writeTo(tmp);
        for (Map<String, Object> e : readEntities(tmp)) {
            Map<String, Object> metadata = map(e, "metadata");
            assertFalse(((String) metadata.get("title")).isBlank(), metadata.toString());
            assertFalse(((String) metadata.get("description")).isBlank(), metadata.toString());
            List<?> tags = (List<?>) metadata.get("tags");
            assertFalse(tags.isEmpty(), metadata.toString());
            for (Object tag : tags) {
                assertTrue(TAG.matcher((String) tag).matches() && ((String) tag).length() <= 63, "tag " + tag);
            }
            assertEquals(Set.of("apiVersion", "kind", "metadata", "spec"), e.keySet());
        }
    }

    @Test
    void specsCarryTheRequiredFieldsWithAllowedValues() throws IOException {
        new CatalogGenerator(2_000, 3).writeTo(tmp);
        Map<String, Integer> kinds = new HashMap<>();
        for (Map<String, Object> e : readEntities(tmp)) {
            String kind = (String) e.get("kind");
            kinds.merge(kind, 1, Integer::sum);
            Map<String, Object> spec = map(e, "spec");
            String apiVersion = (String) e.get("apiVersion");
            assertEquals(BACKSTAGE_KINDS.contains(kind) ? "backstage.io/v1alpha1" : "atrium.dev/v1alpha1", apiVersion, kind);
            switch (kind) {
                case "Component" -> {
                    assertOneOf(spec, "type", "service", "website", "library");
                    assertOneOf(spec, "lifecycle", "production", "experimental", "deprecated");
                    assertNotNull(spec.get("owner"));
                    assertNotNull(spec.get("system"));
                    assertTrue(((List<?>) spec.getOrDefault("dependsOn", List.of())).size() <= 3);
                }
                case "API" -> {
                    assertOneOf(spec, "type", "openapi", "grpc", "asyncapi");
                    assertFalse(((String) spec.get("definition")).isBlank());
                    assertNotNull(spec.get("owner"));
                }
                case "Resource" -> assertOneOf(spec, "type", "database", "queue", "bucket");
                case "Group" -> {
                    assertOneOf(spec, "type", "team", "department");
                    assertEquals(List.of(), spec.get("children"));
                    assertEquals("team".equals(spec.get("type")), spec.containsKey("parent"));
                }
                case "User" -> assertFalse(((List<?>) spec.get("memberOf")).isEmpty());
                case "System" -> assertNotNull(spec.get("domain"));
                case "Domain" -> assertNotNull(spec.get("owner"));
                case "AIModel" -> {
                    assertOneOf(spec, "modelType", "gateway", "hosted", "external", "fine-tuned");
                    assertOneOf(spec, "accessTier", "open", "standard", "restricted");
                    assertOneOf(spec, "lifecycle", "production", "experimental", "deprecated");
                    assertFalse(((List<?>) spec.get("underlyingModels")).isEmpty());
                    assertTrue(((String) spec.get("costCenter")).matches("CC-\\d{4}"));
                    assertTrue(((String) spec.get("usagePolicy")).startsWith("https://"));
                    assertEquals(Map.of("type", "selfService"), spec.get("requestAccess"));
                }
                case "Toolchain" -> {
                    assertOneOf(spec, "type", "coding-assistant", "test-generation", "observability");
                    assertFalse(((List<?>) spec.get("models")).isEmpty());
                }
                default -> fail("unexpected kind " + kind);
            }
        }
        assertEquals(Set.of("Domain", "Group", "User", "System", "Component", "API", "Resource", "AIModel", "Toolchain"),
                kinds.keySet());
    }

    @Test
    void refsListTheWrittenEntitiesInOrder() throws IOException {
        CatalogGenerator generator = new CatalogGenerator(1_200, 8);
        generator.writeTo(tmp);

        List<String> written = readEntities(tmp).stream().map(e -> refOf(e).toString()).toList();
        assertEquals(written, generator.refs().stream().map(EntityRef::toString).toList());
        assertEquals(written, generator.entities().map(e -> refOf(e).toString()).toList());
    }

    @Test
    void mixFollowsTheIntendedProportions() {
        EntityCounts c = EntityCounts.forTotal(100_000);
        assertEquals(100_000, c.total());
        assertEquals(1_000, c.groups());
        assertEquals(200, c.domains());
        assertEquals(2_000, c.users());
        assertEquals(3_000, c.systems());
        assertEquals(15_000, c.apis());
        assertEquals(18_000, c.resources());
        assertEquals(2_000, c.aiModels());
        assertEquals(500, c.toolchains());
        assertTrue(c.components() >= 55_000 && c.components() <= 60_000, "components " + c.components());

        for (int n = EntityCounts.MINIMUM_TOTAL; n < 5_000; n += 37) {
            EntityCounts small = EntityCounts.forTotal(n);
            assertEquals(n, small.total());
            assertTrue(small.domains() >= 2 && small.teams() >= small.domains() && small.components() >= 1, "n=" + n);
        }
    }

    @Test
    void rejectsCatalogsTooSmallToHoldEveryKind() {
        assertThrows(IllegalArgumentException.class, () -> new CatalogGenerator(EntityCounts.MINIMUM_TOTAL - 1, 1));
    }

    @Test
    void rewritingASmallerCatalogRemovesStaleParts() throws IOException {
        new CatalogGenerator(900, 1, 200).writeTo(tmp);
        new CatalogGenerator(300, 1, 200).writeTo(tmp);

        assertEquals(List.of("bench-manifest.json", "catalog-info.yaml", "part-0000.location.yaml", "part-0000.yaml",
                "part-0001.location.yaml", "part-0001.yaml"), fileNames(tmp));
        assertEquals(300, readEntities(tmp).size());
        assertEquals(300, CatalogManifest.read(tmp).entities());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Reads the entities of every part file the root Location lists through the parts' Locations, in order. */
    static List<Map<String, Object>> readEntities(Path dir) throws IOException {
        Map<String, Object> root = readDocuments(dir.resolve(CatalogGenerator.ROOT_FILE)).get(0);
        List<Map<String, Object>> entities = new ArrayList<>();
        for (Object target : (List<?>) map(root, "spec").get("targets")) {
            Map<String, Object> part = readDocuments(dir.resolve((String) target).normalize()).get(0);
            entities.addAll(readDocuments(dir.resolve((String) map(part, "spec").get("target")).normalize()));
        }
        return entities;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> readDocuments(Path file) throws IOException {
        try (MappingIterator<Map<String, Object>> docs = YAML.readerFor(Map.class).readValues(file.toFile())) {
            return (List<Map<String, Object>>) (List<?>) docs.readAll();
        }
    }

    private static int sizeOf(Path part) {
        try {
            return readDocuments(part).size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static EntityRef refOf(Map<String, Object> entity) {
        return EntityRef.of((String) entity.get("kind"), (String) map(entity, "metadata").get("name"));
    }

    private static void assertOneOf(Map<String, Object> spec, String field, String... allowed) {
        assertTrue(Arrays.asList(allowed).contains(spec.get(field)), field + "=" + spec.get(field));
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
