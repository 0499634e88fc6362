package dev.atrium.catalog.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.entity.EntityRepository;
import dev.atrium.catalog.entity.EntityService;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.processing.LocationExpander;
import dev.atrium.catalog.reading.LocationReader;
import dev.atrium.catalog.reading.ReadBudget;
import dev.atrium.catalog.reading.RepoView;
import dev.atrium.commons.error.InputError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The importer behind {@code analyze-location}: finds existing catalog files, or drafts a
 * {@code catalog-info.yaml} for a repository (owner from CODEOWNERS, type from build files, APIs
 * from OpenAPI files).
 */
@ApplicationScoped
public class LocationAnalyzer {
    private static final Pattern CODEOWNER = Pattern.compile("^\\*\\s+@(?:[^/\\s]+/)?([A-Za-z0-9][-A-Za-z0-9_.]*)");
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9_.-]+");

    @Inject
    LocationReader reader;

    @Inject
    LocationExpander expander;

    @Inject
    CatalogConfig config;

    @Inject
    EntityRepository entities;

    @Inject
    ObjectMapper mapper;

    /** Result in Backstage's shape. */
    public record Analysis(List<ExistingFile> existingEntityFiles, List<GeneratedEntity> generateEntities) {
    }

    /** A catalog file that already exists at the location. */
    public record ExistingFile(JsonNode entity, boolean isRegistered, LocationSpec location) {
    }

    /** A drafted entity and which of its fields need the user. */
    public record GeneratedEntity(JsonNode entity, List<Field> fields) {
    }

    /** One drafted field: needsUserInput, analysisSuggestedValue or analysisSuggestedNoValue. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Field(String field, String state, String value, String description) {
    }

    public Analysis analyze(LocationSpec location, String catalogFilename) {
        String type = location.type() == null ? "" : location.type().trim().toLowerCase(Locale.ROOT);
        String target = location.target() == null ? null : location.target().trim();
        String filename = catalogFilename == null || catalogFilename.isBlank() ? "catalog-info.yaml" : catalogFilename.trim();
        if (filename.contains("/") || filename.contains("\\") || filename.contains("..")) {
            throw new InputError("catalogFilename must be a plain file name");
        }
        reader.checkTarget(type, target);
        try (LocationReader.Session session = reader.open(ReadBudget.forPass(config.reading()))) {
            Optional<RepoView> repo = session.repository(type, target);
            if (repo.isPresent()) {
                return analyzeTree(repo.get(), filename);
            }
            String file = type.equals("file") ? reader.resolveFile(target).toString() : target;
            return new Analysis(existing(session.read(type, file), type, file), List.of());
        }
    }

    private List<ExistingFile> existing(LocationReader.Content content, String type, String target) {
        List<ExistingFile> out = new ArrayList<>();
        for (JsonNode doc : expander.yaml().parse(content.bytes(), content.locationKey())) {
            if (doc.isObject() && doc.path("metadata").has("name") && doc.has("kind")) {
                boolean registered = entities.byRef(EntityService.refOf((ObjectNode) doc)).isPresent();
                out.add(new ExistingFile(doc, registered, new LocationSpec(type, target)));
            }
        }
        return out;
    }

    private Analysis analyzeTree(RepoView repo, String filename) {
        Optional<byte[]> catalogFile = repo.read(filename);
        if (catalogFile.isPresent()) {
            String target = repo.target(filename);
            return new Analysis(existing(new LocationReader.Content(repo.type() + ":" + target, catalogFile.get()), repo.type(), target), List.of());
        }
        String name = NOT_NAME.matcher(repo.name().replaceAll("\\.git$", "")).replaceAll("-").replaceAll("^[-_.]+|[-_.]+$", "");
        ObjectNode entity = mapper.createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1");
        entity.put("kind", "Component");
        entity.putObject("metadata").put("name", name.isEmpty() ? "component" : name);
        ObjectNode spec = entity.putObject("spec");
        List<Field> fields = new ArrayList<>();

        String owner = codeOwner(repo);
        if (owner != null) {
            spec.put("owner", owner);
            fields.add(new Field("spec.owner", "analysisSuggestedValue", owner, "Owner from the repository's CODEOWNERS file"));
        } else {
            fields.add(new Field("spec.owner", "needsUserInput", null, "Entity reference to the owner of the component"));
        }
        List<String> files = repo.files(3);
        Set<String> top = new HashSet<>(files.stream().filter(f -> !f.contains("/")).toList());
        String componentType = null;
        if (top.contains("pom.xml") || top.contains("build.gradle") || top.contains("build.gradle.kts") || top.contains("go.mod")
                || top.contains("Dockerfile")) {
            componentType = "service";
        } else if (top.contains("package.json")) {
            componentType = "website";
        }
        if (componentType != null) {
            spec.put("type", componentType);
            fields.add(new Field("spec.type", "analysisSuggestedValue", componentType, "Type guessed from the build files"));
        } else {
            fields.add(new Field("spec.type", "needsUserInput", null, "The type of component, e.g. service, website or library"));
        }
        spec.put("lifecycle", "experimental");
        fields.add(new Field("spec.lifecycle", "analysisSuggestedValue", "experimental", "New components start as experimental"));
        List<String> apis = openApiFiles(files, name);
        if (!apis.isEmpty()) {
            var provides = spec.putArray("providesApis");
            apis.forEach(provides::add);
            fields.add(new Field("spec.providesApis", "analysisSuggestedValue", String.join(",", apis), "APIs from the OpenAPI files found"));
        }
        return new Analysis(List.of(), List.of(new GeneratedEntity(entity, fields)));
    }

    private static String codeOwner(RepoView repo) {
        for (String p : List.of("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS")) {
            Optional<byte[]> file = repo.read(p);
            if (file.isPresent()) {
                for (String line : new String(file.get(), StandardCharsets.UTF_8).split("\\R")) {
                    Matcher m = CODEOWNER.matcher(line.trim());
                    if (m.find()) {
                        return m.group(1).toLowerCase(Locale.ROOT);
                    }
                }
            }
        }
        return null;
    }

    private static List<String> openApiFiles(List<String> files, String repoName) {
        return files.stream()
                .map(p -> p.substring(p.lastIndexOf('/') + 1))
                .filter(n -> n.matches("(?i)(.*[.-])?openapi\\.(ya?ml|json)"))
                .map(n -> NOT_NAME.matcher(n.replaceAll("(?i)[.-]?openapi\\.(ya?ml|json)$", "")).replaceAll("-"))
                .map(n -> n.isEmpty() ? repoName + "-api" : n)
                .sorted().distinct().toList();
    }
}
