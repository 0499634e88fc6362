package dev.atrium.catalog.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.entity.EntityRepository;
import dev.atrium.catalog.entity.EntityService;
import dev.atrium.catalog.processing.EntityProcessor;
import dev.atrium.commons.error.InputError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    EntityProcessor processor;

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
        String target = location.target();
        String filename = catalogFilename == null || catalogFilename.isBlank() ? "catalog-info.yaml" : catalogFilename.trim();
        if (filename.contains("/") || filename.contains("..")) {
            throw new InputError("catalogFilename must be a plain file name");
        }
        reader.checkTarget(type, target);
        switch (type) {
            case "url" -> {
                LocationReader.Content content = reader.read(type, target);
                return new Analysis(existing(content, type, target), List.of());
            }
            case "file" -> {
                Path p = reader.resolveFile(target);
                if (Files.isRegularFile(p)) {
                    return new Analysis(existing(reader.read(type, p.toString()), type, p.toString()), List.of());
                }
                try {
                    return analyzeTree(p, type, p.resolve(filename).toString(), filename);
                } catch (IOException e) {
                    throw new dev.atrium.commons.error.NotFoundError("Unable to read directory " + p + ": " + e.getMessage());
                }
            }
            default -> {
                LocationReader.GitTarget g = LocationReader.GitTarget.parse(target, reader);
                return reader.withCheckout(g, dir -> analyzeTree(dir, "git", g.withPath(filename).toString(), filename));
            }
        }
    }

    private List<ExistingFile> existing(LocationReader.Content content, String type, String target) {
        List<ExistingFile> out = new ArrayList<>();
        for (JsonNode doc : processor.yaml().parse(content.bytes(), content.locationKey())) {
            if (doc.isObject() && doc.path("metadata").has("name") && doc.has("kind")) {
                boolean registered = entities.byRef(EntityService.refOf((ObjectNode) doc)).isPresent();
                out.add(new ExistingFile(doc, registered, new LocationSpec(type, target)));
            }
        }
        return out;
    }

    private Analysis analyzeTree(Path dir, String type, String catalogTarget, String filename) throws IOException {
        Path catalogFile = dir.resolve(filename);
        if (Files.isRegularFile(catalogFile)) {
            LocationReader.Content content = new LocationReader.Content(type + ":" + catalogTarget, Files.readAllBytes(catalogFile));
            return new Analysis(existing(content, type, catalogTarget), List.of());
        }
        String name = NOT_NAME.matcher(dir.getFileName().toString().replaceAll("\\.git$", "")).replaceAll("-")
                .replaceAll("^[-_.]+|[-_.]+$", "");
        ObjectNode entity = mapper.createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1");
        entity.put("kind", "Component");
        entity.putObject("metadata").put("name", name.isEmpty() ? "component" : name);
        ObjectNode spec = entity.putObject("spec");
        List<Field> fields = new ArrayList<>();

        String owner = codeOwner(dir);
        if (owner != null) {
            spec.put("owner", owner);
            fields.add(new Field("spec.owner", "analysisSuggestedValue", owner, "Owner from the repository's CODEOWNERS file"));
        } else {
            fields.add(new Field("spec.owner", "needsUserInput", null, "Entity reference to the owner of the component"));
        }
        String componentType = null;
        if (Files.exists(dir.resolve("pom.xml")) || Files.exists(dir.resolve("build.gradle")) || Files.exists(dir.resolve("build.gradle.kts"))
                || Files.exists(dir.resolve("go.mod")) || Files.exists(dir.resolve("Dockerfile"))) {
            componentType = "service";
        } else if (Files.exists(dir.resolve("package.json"))) {
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
        List<String> apis = openApiFiles(dir);
        if (!apis.isEmpty()) {
            var provides = spec.putArray("providesApis");
            apis.forEach(provides::add);
            fields.add(new Field("spec.providesApis", "analysisSuggestedValue", String.join(",", apis), "APIs from the OpenAPI files found"));
        }
        return new Analysis(List.of(), List.of(new GeneratedEntity(entity, fields)));
    }

    private static String codeOwner(Path dir) throws IOException {
        for (Path p : List.of(dir.resolve("CODEOWNERS"), dir.resolve(".github/CODEOWNERS"), dir.resolve("docs/CODEOWNERS"))) {
            if (Files.isRegularFile(p) && Files.size(p) < 1_000_000) {
                for (String line : Files.readAllLines(p)) {
                    Matcher m = CODEOWNER.matcher(line.trim());
                    if (m.find()) {
                        return m.group(1).toLowerCase(Locale.ROOT);
                    }
                }
            }
        }
        return null;
    }

    private static List<String> openApiFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("(?i)(.*[.-])?openapi\\.(ya?ml|json)"))
                    .map(n -> NOT_NAME.matcher(n.replaceAll("(?i)[.-]?openapi\\.(ya?ml|json)$", "")).replaceAll("-"))
                    .map(n -> n.isEmpty() ? dir.getFileName().toString().replaceAll("\\.git$", "") + "-api" : n)
                    .sorted().distinct().toList();
        }
    }
}
