package dev.atrium.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Generates a deterministic Backstage-format catalog of N entities and writes it as multi-document YAML files. */
public final class CatalogGenerator {

    /** Entities per part file by default: about 0.55 MB per file, far below the catalog's per-file read limits. */
    public static final int DEFAULT_ENTITIES_PER_FILE = 1_000;
    /** Name of the root Location file that lists the parts' Locations. */
    public static final String ROOT_FILE = "catalog-info.yaml";
    /** How a part's Location file is named after the part: {@code part-0000.yaml} → {@code part-0000.location.yaml}. */
    public static final String LOCATION_SUFFIX = ".location.yaml";
    /** apiVersion of the built-in Backstage kinds. */
    public static final String BACKSTAGE_API_VERSION = "backstage.io/v1alpha1";
    /** apiVersion of the Atrium kinds (AIModel, Toolchain). */
    public static final String ATRIUM_API_VERSION = "atrium.dev/v1alpha1";

    /** The groups of entities in the order they are written: owners and containers first. */
    private enum Slot {
        DOMAIN("Domain"), DEPARTMENT("Group"), TEAM("Group"), USER("User"), SYSTEM("System"),
        RESOURCE("Resource"), API("API"), COMPONENT("Component"), AI_MODEL("AIModel"), TOOLCHAIN("Toolchain");

        final String kind;

        Slot(String kind) {
            this.kind = kind;
        }
    }

    private static final String[] AREAS = {"payments", "identity", "logistics", "search", "commerce", "media",
            "analytics", "messaging", "platform", "security", "billing", "catalog", "growth", "risk", "support",
            "travel", "health", "insurance", "marketing", "fulfilment", "pricing", "content", "devices", "data"};
    private static final String[] TEAM_WORDS = {"aurora", "borealis", "cobalt", "delta", "ember", "falcon", "glacier",
            "harbor", "ion", "juniper", "kestrel", "lumen", "meteor", "nebula", "orca", "pioneer", "quasar", "raven",
            "sierra", "tundra", "umbra", "vortex", "willow", "xenon", "yonder", "zephyr"};
    private static final String[] NOUNS = {"ledger", "gateway", "router", "indexer", "scheduler", "notifier",
            "renderer", "resolver", "tracker", "broker", "cache", "importer", "exporter", "validator", "profile",
            "session", "invoice", "checkout", "inventory", "pricing", "ranking", "feed", "audit", "config", "token",
            "webhook", "orders", "shipping", "refunds", "ratings", "reviews", "accounts", "consent", "geo", "media"};
    private static final String[] SYSTEM_SUFFIXES = {"platform", "suite", "hub", "core", "engine"};
    private static final String[] FIRST_NAMES = {"ada", "grace", "linus", "margaret", "alan", "barbara", "dennis",
            "frances", "ken", "radia", "tim", "hedy", "edsger", "katherine", "john", "mary", "yukihiro", "guido",
            "sophie", "james", "amara", "chen", "priya", "mateo", "ingrid", "kofi", "lena", "omar", "sakura", "tomas"};
    private static final String[] LAST_NAMES = {"lovelace", "hopper", "torvalds", "hamilton", "turing", "liskov",
            "ritchie", "allen", "thompson", "perlman", "berners-lee", "lamarr", "dijkstra", "johnson", "backus",
            "kenneth", "matsumoto", "van-rossum", "wilson", "gosling", "okafor", "wei", "sharma", "garcia", "berg",
            "mensah", "fischer", "haddad", "tanaka", "novak"};
    private static final String[] MODEL_WORDS = {"assistant", "summarizer", "classifier", "embedder", "reranker",
            "translator", "coder", "moderator", "extractor", "planner"};
    private static final String[] TOOLCHAIN_WORDS = {"copilot", "reviewer", "testgen", "tracer", "linter", "pairing",
            "docs", "triage", "migrator", "explainer"};
    private static final String[] COMPONENT_TYPES = {"service", "website", "library"};
    private static final String[][] COMPONENT_SUFFIXES = {{"service", "svc", "worker", "backend"},
            {"web", "ui", "portal"}, {"lib", "sdk", "client"}};
    private static final String[] API_TYPES = {"openapi", "grpc", "asyncapi"};
    private static final String[] API_SUFFIXES = {"api", "grpc", "events"};
    private static final String[] RESOURCE_TYPES = {"database", "queue", "bucket"};
    private static final String[] RESOURCE_SUFFIXES = {"db", "queue", "bucket"};
    private static final String[] LIFECYCLES = {"production", "experimental", "deprecated"};
    private static final String[] MODEL_TYPES = {"gateway", "hosted", "external", "fine-tuned"};
    private static final String[] ACCESS_TIERS = {"open", "standard", "restricted"};
    private static final String[] TOOLCHAIN_TYPES = {"coding-assistant", "test-generation", "observability"};
    private static final String[] UNDERLYING_MODELS = {"gpt-4o", "gpt-4.1-mini", "claude-sonnet-4", "claude-haiku-4",
            "llama-3.1-70b", "mistral-large", "gemini-2.5-pro", "text-embedding-3-large", "codestral", "qwen2.5-coder"};
    private static final String[] TECH_TAGS = {"java", "kotlin", "go", "python", "typescript", "rust", "postgres",
            "kafka", "grpc", "rest", "graphql", "redis", "s3", "k8s", "quarkus", "react"};
    private static final String[] CONCERN_TAGS = {"internal", "customer-facing", "pci", "gdpr", "tier-1", "tier-2",
            "batch", "realtime", "legacy", "cost-sensitive"};
    private static final String[] AI_TAGS = {"llm", "ml", "genai", "embeddings", "rag", "coding", "evaluation"};

    private static final ObjectWriter YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build())
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writer();

    private final int total;
    private final long seed;
    private final int entitiesPerFile;
    private final EntityCounts counts;
    private final int[] slotSizes;
    private final int[] slotStarts;
    private final String[][] names;
    private final byte[] componentTypes;
    private final byte[] apiTypes;
    private final byte[] resourceTypes;

    /** A generator for {@code entities} entities from {@code seed}, writing {@link #DEFAULT_ENTITIES_PER_FILE} per file. */
    public CatalogGenerator(int entities, long seed) {
        this(entities, seed, DEFAULT_ENTITIES_PER_FILE);
    }

    /** A generator for {@code entities} entities from {@code seed}, writing at most {@code entitiesPerFile} per file. */
    public CatalogGenerator(int entities, long seed, int entitiesPerFile) {
        if (entitiesPerFile < 1) {
            throw new IllegalArgumentException("entities per file must be at least 1");
        }
        this.total = entities;
        this.seed = seed;
        this.entitiesPerFile = entitiesPerFile;
        this.counts = EntityCounts.forTotal(entities);
        this.slotSizes = new int[] {counts.domains(), counts.departments(), counts.teams(), counts.users(),
                counts.systems(), counts.resources(), counts.apis(), counts.components(), counts.aiModels(),
                counts.toolchains()};
        this.slotStarts = new int[slotSizes.length + 1];
        for (int i = 0; i < slotSizes.length; i++) {
            slotStarts[i + 1] = slotStarts[i] + slotSizes[i];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        this.componentTypes = weightedBytes(rng, counts.components(), 60, 20, 20);
        this.apiTypes = weightedBytes(rng, counts.apis(), 60, 25, 15);
        this.resourceTypes = weightedBytes(rng, counts.resources(), 50, 30, 20);
        this.names = planNames(rng);
    }

    /** The number of entities of each kind. */
    public EntityCounts counts() {
        return counts;
    }

    /** The total number of generated entities (Location files not included). */
    public int size() {
        return total;
    }

    /** The reference of the {@code index}-th entity in output order, {@code 0 <= index < size()}. */
    public EntityRef ref(int index) {
        Slot slot = slotOf(index);
        return EntityRef.of(slot.kind, names[slot.ordinal()][index - slotStarts[slot.ordinal()]]);
    }

    /** References of all generated entities, in output order. */
    public List<EntityRef> refs() {
        List<EntityRef> refs = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            refs.add(ref(i));
        }
        return refs;
    }

    /** The {@code index}-th entity in output order, as an ordered map ready to be written as YAML or JSON. */
    public Map<String, Object> entity(int index) {
        Slot slot = slotOf(index);
        int i = index - slotStarts[slot.ordinal()];
        SplittableRandom r = new SplittableRandom(mix(seed, slot.ordinal(), i));
        return switch (slot) {
            case DOMAIN -> domain(i, r);
            case DEPARTMENT -> department(i, r);
            case TEAM -> team(i, r);
            case USER -> user(i, r);
            case SYSTEM -> system(i, r);
            case RESOURCE -> resource(i, r);
            case API -> api(i, r);
            case COMPONENT -> component(i, r);
            case AI_MODEL -> aiModel(i, r);
            case TOOLCHAIN -> toolchain(i, r);
        };
    }

    /** All entities in output order, built lazily. */
    public Stream<Map<String, Object>> entities() {
        return IntStream.range(0, total).mapToObj(this::entity);
    }

    /** Paths of the part files relative to the root Location, e.g. {@code ./part-0000.yaml}. */
    public List<String> partTargets() {
        int parts = (total + entitiesPerFile - 1) / entitiesPerFile;
        List<String> targets = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            targets.add("./" + partFileName(p));
        }
        return targets;
    }

    /**
     * Paths of the per-part Location files relative to the root Location, e.g. {@code ./part-0000.location.yaml}:
     * one Location per part file, as a company has one catalog file per repository, so that no single Location
     * emits the whole catalog in one processing pass.
     */
    public List<String> locationTargets() {
        return partTargets().stream().map(t -> t.replace(".yaml", LOCATION_SUFFIX)).toList();
    }

    /** The root Location entity that lists the Location of every part file. */
    public Map<String, Object> rootLocation() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", rootName());
        metadata.put("title", "Benchmark catalog (" + total + " entities)");
        metadata.put("description", "Generated benchmark catalog: " + total + " entities from seed "
                + Long.toUnsignedString(seed) + ".");
        return envelope(BACKSTAGE_API_VERSION, "Location", metadata, Map.of("targets", locationTargets()));
    }

    /** The Location entity of part {@code p}, which reads the part file next to it. */
    public Map<String, Object> partLocation(int p) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", rootName() + "-part-" + String.format(Locale.ROOT, "%04d", p));
        metadata.put("description", "Part " + p + " of the generated benchmark catalog.");
        return envelope(BACKSTAGE_API_VERSION, "Location", metadata, Map.of("target", "./" + partFileName(p)));
    }

    private String rootName() {
        return "bench-catalog-" + total + "-s" + Long.toUnsignedString(seed);
    }

    /**
     * Writes {@code catalog-info.yaml}, the part files, their Location files and the manifest into {@code dir},
     * replacing part files left over from an earlier, larger catalog. The same size and seed always produce the
     * same bytes.
     */
    public CatalogManifest writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "part-*.yaml")) {
            for (Path p : stale) {
                Files.delete(p);
            }
        }
        List<String> parts = new ArrayList<>();
        for (int p = 0, start = 0; start < total; p++, start += entitiesPerFile) {
            int end = Math.min(total, start + entitiesPerFile);
            String fileName = partFileName(p);
            try (Writer w = Files.newBufferedWriter(dir.resolve(fileName), StandardCharsets.UTF_8)) {
                w.write("# Atrium benchmark catalog: entities " + start + ".." + (end - 1) + " of " + total
                        + ", seed " + Long.toUnsignedString(seed) + ". Generated; do not edit.\n");
                try (SequenceWriter docs = YAML.writeValues(w)) {
                    for (int i = start; i < end; i++) {
                        docs.write(entity(i));
                    }
                }
            }
            try (Writer w = Files.newBufferedWriter(dir.resolve(fileName.replace(".yaml", LOCATION_SUFFIX)),
                    StandardCharsets.UTF_8)) {
                try (SequenceWriter docs = YAML.writeValues(w)) {
                    docs.write(partLocation(p));
                }
            }
            parts.add(fileName);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(ROOT_FILE), StandardCharsets.UTF_8)) {
            w.write("# Atrium benchmark catalog: " + total + " entities in " + parts.size() + " files, one Location each.\n");
            try (SequenceWriter docs = YAML.writeValues(w)) {
                docs.write(rootLocation());
            }
        }
        CatalogManifest manifest = new CatalogManifest(total, seed, entitiesPerFile, counts, ROOT_FILE, parts);
        manifest.write(dir);
        return manifest;
    }

    /** {@code --entities N --seed S --out DIR [--per-file K]}: writes a catalog and prints what it wrote. */
    public static void main(String[] args) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, Set.of("entities", "seed", "out", "per-file"), Set.of("help"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (cli.has("help") || !cli.values().containsKey("entities")) {
            System.out.println(usage());
            System.exit(cli.has("help") ? 0 : 2);
            return;
        }
        try {
            int n = cli.integer("entities", 0);
            long seed = cli.longValue("seed", 42);
            Path out = Path.of(cli.string("out", "bench/out/catalog-" + n)).toAbsolutePath().normalize();
            long started = System.nanoTime();
            CatalogManifest m = new CatalogGenerator(n, seed, cli.integer("per-file", DEFAULT_ENTITIES_PER_FILE))
                    .writeTo(out);
            EntityCounts c = m.counts();
            System.out.printf(Locale.ROOT, "wrote %d entities (seed %s) in %d files to %s in %.1f s%n", m.entities(),
                    Long.toUnsignedString(seed), m.parts().size(), out.resolve(ROOT_FILE),
                    (System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "  domains %d, groups %d (%d teams), users %d, systems %d, components %d, "
                            + "apis %d, resources %d, aimodels %d, toolchains %d%n", c.domains(), c.groups(), c.teams(),
                    c.users(), c.systems(), c.components(), c.apis(), c.resources(), c.aiModels(), c.toolchains());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("cannot write catalog: " + e);
            System.exit(1);
        }
    }

    private static String usage() {
        return "usage: CatalogGenerator --entities N [--seed S (default 42)] [--out DIR (default bench/out/catalog-N)]"
                + " [--per-file K (default " + DEFAULT_ENTITIES_PER_FILE + ")]";
    }

    // ---- naming -------------------------------------------------------------------------------------------

    private String[][] planNames(SplittableRandom rng) {
        String[][] n = new String[Slot.values().length][];
        String[] areas = AREAS.clone();
        shuffle(areas, rng);
        int d = counts.domains();
        n[Slot.DOMAIN.ordinal()] = new String[d];
        n[Slot.DEPARTMENT.ordinal()] = new String[d];
        // Every generated name ends in its index, so it cannot clash with hand-written (demo) entities.
        for (int i = 0; i < d; i++) {
            String area = areas[i % areas.length];
            n[Slot.DOMAIN.ordinal()][i] = area + "-" + pad(i);
            n[Slot.DEPARTMENT.ordinal()][i] = area + "-org-" + pad(i);
        }
        n[Slot.TEAM.ordinal()] = names(counts.teams(), i -> "team-" + pick(TEAM_WORDS, rng) + "-" + pad(i));
        n[Slot.USER.ordinal()] = names(counts.users(),
                i -> pick(FIRST_NAMES, rng) + "." + pick(LAST_NAMES, rng) + "-" + pad(i));
        n[Slot.SYSTEM.ordinal()] = names(counts.systems(),
                i -> pick(NOUNS, rng) + "-" + pick(SYSTEM_SUFFIXES, rng) + "-" + pad(i));
        n[Slot.RESOURCE.ordinal()] = names(counts.resources(),
                i -> pick(NOUNS, rng) + "-" + RESOURCE_SUFFIXES[resourceTypes[i]] + "-" + pad(i));
        n[Slot.API.ordinal()] = names(counts.apis(),
                i -> pick(NOUNS, rng) + "-" + API_SUFFIXES[apiTypes[i]] + "-" + pad(i));
        n[Slot.COMPONENT.ordinal()] = names(counts.components(),
                i -> pick(NOUNS, rng) + "-" + pick(COMPONENT_SUFFIXES[componentTypes[i]], rng) + "-" + pad(i));
        n[Slot.AI_MODEL.ordinal()] = names(counts.aiModels(),
                i -> pick(AREAS, rng) + "-" + pick(MODEL_WORDS, rng) + "-" + pad(i));
        n[Slot.TOOLCHAIN.ordinal()] = names(counts.toolchains(),
                i -> pick(TOOLCHAIN_WORDS, rng) + "-toolchain-" + pad(i));
        return n;
    }

    private static String[] names(int count, IntFunction<String> namer) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = namer.apply(i);
        }
        return out;
    }

    private static String pad(int i) {
        String s = Integer.toString(i);
        return s.length() >= 4 ? s : "0".repeat(4 - s.length()) + s;
    }

    // ---- entity builders ----------------------------------------------------------------------------------

    private Map<String, Object> domain(int i, SplittableRandom r) {
        String name = name(Slot.DOMAIN, i);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", ref(Slot.TEAM, i)); // team i belongs to domain i (teams are dealt round-robin)
        String area = name.substring(0, name.lastIndexOf('-'));
        return envelope(BACKSTAGE_API_VERSION, "Domain",
                metadata(name, title(area) + " domain " + (i + 1), "Everything the " + area
                        + " area builds and runs.", tags(r, CONCERN_TAGS, 1)), spec);
    }

    private Map<String, Object> department(int i, SplittableRandom r) {
        String name = name(Slot.DEPARTMENT, i);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "department");
        spec.put("profile", profile(title(name), name + "@atrium.example"));
        spec.put("children", List.of());
        return envelope(BACKSTAGE_API_VERSION, "Group", metadata(name, title(name),
                "Parent group of the teams in the " + name(Slot.DOMAIN, i) + " domain.", tags(r, CONCERN_TAGS, 1)), spec);
    }

    private Map<String, Object> team(int i, SplittableRandom r) {
        String name = name(Slot.TEAM, i);
        int domain = i % counts.domains();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "team");
        spec.put("profile", profile(title(name), name + "@atrium.example"));
        spec.put("parent", ref(Slot.DEPARTMENT, domain));
        spec.put("children", List.of());
        return envelope(BACKSTAGE_API_VERSION, "Group", metadata(name, title(name),
                "Team in the " + name(Slot.DOMAIN, domain) + " domain.", tags(r, TECH_TAGS, 2)), spec);
    }

    private Map<String, Object> user(int i, SplittableRandom r) {
        String name = name(Slot.USER, i);
        String display = title(name.substring(0, name.lastIndexOf('-')));
        Set<String> memberOf = new LinkedHashSet<>();
        int groups = 1 + r.nextInt(2);
        for (int k = 0; k < groups; k++) {
            memberOf.add(ref(Slot.TEAM, r.nextInt(counts.teams())));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("profile", profile(display, name + "@atrium.example"));
        spec.put("memberOf", List.copyOf(memberOf));
        return envelope(BACKSTAGE_API_VERSION, "User",
                metadata(name, display, "Engineer " + display + ".", tags(r, TECH_TAGS, 1)), spec);
    }

    private Map<String, Object> system(int i, SplittableRandom r) {
        String name = name(Slot.SYSTEM, i);
        int domain = i % counts.domains();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", ref(Slot.TEAM, teamInDomain(domain, r)));
        spec.put("domain", ref(Slot.DOMAIN, domain));
        return envelope(BACKSTAGE_API_VERSION, "System", metadata(name, title(name),
                title(name) + " in the " + name(Slot.DOMAIN, domain) + " domain.", tags(r, CONCERN_TAGS, 2)), spec);
    }

    private Map<String, Object> resource(int i, SplittableRandom r) {
        String name = name(Slot.RESOURCE, i);
        int system = r.nextInt(counts.systems());
        String type = RESOURCE_TYPES[resourceTypes[i]];
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type);
        spec.put("owner", ref(Slot.TEAM, teamInDomain(system % counts.domains(), r)));
        spec.put("system", ref(Slot.SYSTEM, system));
        return envelope(BACKSTAGE_API_VERSION, "Resource", metadata(name, title(name),
                "The " + type + " " + name + " of the " + name(Slot.SYSTEM, system) + " system.",
                tags(r, TECH_TAGS, 2)), spec);
    }

    private Map<String, Object> api(int i, SplittableRandom r) {
        String name = name(Slot.API, i);
        int system = r.nextInt(counts.systems());
        String type = API_TYPES[apiTypes[i]];
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type);
        spec.put("lifecycle", lifecycle(r));
        spec.put("owner", ref(Slot.TEAM, teamInDomain(system % counts.domains(), r)));
        spec.put("system", ref(Slot.SYSTEM, system));
        spec.put("definition", definition(type, name));
        return envelope(BACKSTAGE_API_VERSION, "API", metadata(name, title(name),
                title(name) + " (" + type + ") of the " + name(Slot.SYSTEM, system) + " system.",
                tags(r, TECH_TAGS, 2)), spec);
    }

    private Map<String, Object> component(int i, SplittableRandom r) {
        String name = name(Slot.COMPONENT, i);
        int system = r.nextInt(counts.systems());
        String type = COMPONENT_TYPES[componentTypes[i]];
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type);
        spec.put("lifecycle", lifecycle(r));
        spec.put("owner", ref(Slot.TEAM, teamInDomain(system % counts.domains(), r)));
        spec.put("system", ref(Slot.SYSTEM, system));
        // API j is provided by component j mod components, so every API has a provider.
        List<String> provides = new ArrayList<>();
        for (int a = i; a < counts.apis(); a += counts.components()) {
            provides.add(ref(Slot.API, a));
        }
        if (!provides.isEmpty()) {
            spec.put("providesApis", provides);
        }
        Set<String> consumes = new LinkedHashSet<>();
        int consumed = r.nextInt(3);
        for (int k = 0; k < consumed; k++) {
            String api = ref(Slot.API, r.nextInt(counts.apis()));
            if (!provides.contains(api)) {
                consumes.add(api);
            }
        }
        if (!consumes.isEmpty()) {
            spec.put("consumesApis", List.copyOf(consumes));
        }
        // Components depend only on lower-numbered components, so the dependency graph has no cycles.
        Set<String> dependsOn = new LinkedHashSet<>();
        int deps = r.nextInt(4);
        for (int k = 0; k < deps; k++) {
            dependsOn.add(i > 0 && r.nextBoolean()
                    ? ref(Slot.COMPONENT, r.nextInt(i))
                    : ref(Slot.RESOURCE, r.nextInt(counts.resources())));
        }
        if (!dependsOn.isEmpty()) {
            spec.put("dependsOn", List.copyOf(dependsOn));
        }
        return envelope(BACKSTAGE_API_VERSION, "Component", metadata(name, title(name),
                title(name) + ", " + article(type) + " " + type + " in the " + name(Slot.SYSTEM, system) + " system.",
                tags(r, TECH_TAGS, 3)), spec);
    }

    private Map<String, Object> aiModel(int i, SplittableRandom r) {
        String name = name(Slot.AI_MODEL, i);
        int system = r.nextInt(counts.systems());
        String modelType = weighted(r, MODEL_TYPES, 40, 25, 25, 10);
        Set<String> underlying = new LinkedHashSet<>();
        int models = 1 + r.nextInt(2);
        for (int k = 0; k < models; k++) {
            underlying.add(pick(UNDERLYING_MODELS, r));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", ref(Slot.TEAM, teamInDomain(system % counts.domains(), r)));
        spec.put("system", ref(Slot.SYSTEM, system));
        spec.put("lifecycle", lifecycle(r));
        spec.put("modelType", modelType);
        spec.put("underlyingModels", List.copyOf(underlying));
        spec.put("accessTier", weighted(r, ACCESS_TIERS, 40, 40, 20));
        spec.put("costCenter", "CC-" + (1000 + r.nextInt(9000)));
        spec.put("usagePolicy", "https://policies.atrium.example/ai/" + name);
        spec.put("requestAccess", Map.of("type", "selfService"));
        return envelope(ATRIUM_API_VERSION, "AIModel", metadata(name, title(name),
                title(name) + ": " + modelType + " model on " + String.join(", ", underlying) + ".",
                tags(r, AI_TAGS, 2)), spec);
    }

    private Map<String, Object> toolchain(int i, SplittableRandom r) {
        String name = name(Slot.TOOLCHAIN, i);
        Set<String> models = new LinkedHashSet<>();
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
            models.add(ref(Slot.AI_MODEL, r.nextInt(counts.aiModels())));
        }
        String type = pick(TOOLCHAIN_TYPES, r);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("owner", ref(Slot.TEAM, r.nextInt(counts.teams())));
        spec.put("lifecycle", lifecycle(r));
        spec.put("type", type);
        spec.put("models", List.copyOf(models));
        return envelope(ATRIUM_API_VERSION, "Toolchain", metadata(name, title(name),
                title(name) + ", " + article(type) + " " + type + " toolchain.", tags(r, AI_TAGS, 2)), spec);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static Map<String, Object> envelope(String apiVersion, String kind, Map<String, Object> metadata,
                                                Map<String, Object> spec) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("apiVersion", apiVersion);
        e.put("kind", kind);
        e.put("metadata", metadata);
        e.put("spec", spec);
        return e;
    }

    private static Map<String, Object> metadata(String name, String title, String description, List<String> tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("title", title);
        m.put("description", description);
        m.put("tags", tags);
        return m;
    }

    private static Map<String, Object> profile(String displayName, String email) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("displayName", displayName);
        p.put("email", email);
        return p;
    }

    private static String definition(String type, String name) {
        return switch (type) {
            case "openapi" -> "openapi: 3.0.3\ninfo:\n  title: " + title(name) + "\n  version: 1.0.0\npaths: {}\n";
            case "grpc" -> "syntax = \"proto3\";\npackage " + name.replace('-', '_') + ";\nservice "
                    + title(name).replace(" ", "") + " {}\n";
            default -> "asyncapi: 2.6.0\ninfo:\n  title: " + title(name) + "\n  version: 1.0.0\nchannels: {}\n";
        };
    }

    private String name(Slot slot, int i) {
        return names[slot.ordinal()][i];
    }

    /** Refs always carry the kind, so they resolve whatever default kind the reading side assumes. */
    private String ref(Slot slot, int i) {
        return slot.kind.toLowerCase(Locale.ROOT) + ":" + names[slot.ordinal()][i];
    }

    /** A random team of {@code domain}; teams are dealt to domains round-robin. */
    private int teamInDomain(int domain, SplittableRandom r) {
        int d = counts.domains();
        int inDomain = (counts.teams() - domain + d - 1) / d;
        return domain + r.nextInt(inDomain) * d;
    }

    private Slot slotOf(int index) {
        if (index < 0 || index >= total) {
            throw new IndexOutOfBoundsException(index);
        }
        int pos = Arrays.binarySearch(slotStarts, index);
        int slot = pos >= 0 ? pos : -pos - 2;
        while (slotSizes[slot] == 0) {
            slot++;
        }
        return Slot.values()[slot];
    }

    private static String lifecycle(SplittableRandom r) {
        return weighted(r, LIFECYCLES, 70, 20, 10);
    }

    private static List<String> tags(SplittableRandom r, String[] pool, int max) {
        Set<String> tags = new LinkedHashSet<>();
        int count = 1 + r.nextInt(max);
        for (int k = 0; k < count; k++) {
            tags.add(pick(pool, r));
        }
        return List.copyOf(tags);
    }

    private static String title(String name) {
        StringBuilder sb = new StringBuilder();
        for (String word : name.split("[-._]")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return sb.toString();
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String pick(String[] values, SplittableRandom r) {
        return values[r.nextInt(values.length)];
    }

    private static String weighted(SplittableRandom r, String[] values, int... weights) {
        return values[weightedIndex(r, weights)];
    }

    private static int weightedIndex(SplittableRandom r, int... weights) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int x = r.nextInt(sum);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static byte[] weightedBytes(SplittableRandom r, int count, int... weights) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) weightedIndex(r, weights);
        }
        return out;
    }

    private static void shuffle(String[] values, SplittableRandom r) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static String partFileName(int part) {
        return String.format(Locale.ROOT, "part-%04d.yaml", part);
    }

    /** A well-spread per-entity seed (SplitMix64 finaliser), so neighbouring entities get unrelated streams. */
    private static long mix(long seed, int slot, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) slot << 32) | (index & 0xFFFFFFFFL)) + slot;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
