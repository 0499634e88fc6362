package dev.atrium.catalog.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.atrium.commons.error.FieldError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The active catalog model: built-in kinds from {@code model/builtin-kinds.yaml} overlaid with the
 * latest admin changes stored in {@code kind_models}. Validates entities against it.
 */
@ApplicationScoped
public class KindRegistry {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Inject
    KindModelRepository stored;

    @Inject
    ObjectMapper mapper;

    private volatile Snapshot snapshot;
    private Map<String, KindDefinition> builtIns;

    /** An immutable view of the model with compiled schemas. */
    record Snapshot(Map<String, KindDefinition> kinds, Map<String, JsonSchema> schemas, String fingerprint) {
    }

    @PostConstruct
    void load() {
        builtIns = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/model/builtin-kinds.yaml")) {
            List<KindDefinition> defs = new YAMLMapper().readValue(in, new TypeReference<List<KindDefinition>>() {
            });
            for (KindDefinition d : defs) {
                builtIns.put(d.kind().toLowerCase(Locale.ROOT), d.withVersion(0, true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("built-in model unreadable", e);
        }
        reload();
    }

    /** Re-reads admin changes from the database (cheap; called by the processing loop each tick). */
    public void reload() {
        Map<String, KindDefinition> kinds = new LinkedHashMap<>(builtIns);
        try {
            for (KindModelRepository.StoredKind k : stored.latest()) {
                KindDefinition d = mapper.readValue(k.definitionJson(), KindDefinition.class);
                kinds.put(k.kind(), d.withVersion(k.version(), builtIns.containsKey(k.kind())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not load the catalog model", e);
        }
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        StringBuilder fp = new StringBuilder();
        kinds.forEach((k, d) -> {
            schemas.put(k, SCHEMAS.getSchema(d.schema()));
            fp.append(k).append('@').append(d.version()).append(';');
        });
        snapshot = new Snapshot(Map.copyOf(kinds), Map.copyOf(schemas), fp.toString());
    }

    /** Changes whenever any kind changes; part of every processing result hash. */
    public String fingerprint() {
        return snapshot.fingerprint();
    }

    public Collection<KindDefinition> all() {
        return snapshot.kinds().values().stream().sorted(Comparator.comparing(KindDefinition::kind)).toList();
    }

    public Optional<KindDefinition> find(String kind) {
        return kind == null ? Optional.empty() : Optional.ofNullable(snapshot.kinds().get(kind.toLowerCase(Locale.ROOT)));
    }

    /**
     * Most validation errors reported for one entity: a hostile file could otherwise make every
     * field of a huge document an error, and every error is stored and sent.
     */
    public static final int MAX_ERRORS_PER_ENTITY = 20;

    /**
     * Full validation of an entity document: envelope, known kind, accepted apiVersion, spec schema.
     * At most {@link #MAX_ERRORS_PER_ENTITY} errors, the last one then saying how many more there were.
     */
    public List<FieldError> validate(JsonNode entity, boolean allowServerFields) {
        return FieldError.capped(validate(entity, allowServerFields, snapshot), MAX_ERRORS_PER_ENTITY);
    }

    List<FieldError> validate(JsonNode entity, boolean allowServerFields, Snapshot model) {
        List<FieldError> errors = new ArrayList<>(EnvelopeValidator.validate(entity, allowServerFields));
        if (entity == null || !entity.isObject() || !entity.path("kind").isTextual()) {
            return errors;
        }
        String kind = entity.get("kind").asText();
        KindDefinition def = model.kinds().get(kind.toLowerCase(Locale.ROOT));
        if (def == null) {
            errors.add(new FieldError("UnknownKindError", "kind", "Unknown kind \"" + kind + "\"; known kinds are "
                    + model.kinds().values().stream().map(KindDefinition::kind).sorted().toList()));
            return errors;
        }
        String apiVersion = entity.path("apiVersion").asText();
        if (!errors.stream().anyMatch(e -> "apiVersion".equals(e.field()))
                && def.apiVersions().stream().noneMatch(v -> v.equalsIgnoreCase(apiVersion))) {
            errors.add(FieldError.of("apiVersion", "apiVersion \"" + apiVersion + "\" is not supported for kind " + def.kind()
                    + "; supported: " + def.apiVersions()));
        }
        JsonNode spec = entity.get("spec");
        if (spec == null || spec.isNull()) {
            spec = mapper.createObjectNode();
        }
        if (spec.isObject()) {
            for (ValidationMessage m : model.schemas().get(kind.toLowerCase(Locale.ROOT)).validate(spec)) {
                String path = m.getInstanceLocation().toString().replaceFirst("^\\$", "spec");
                String property = m.getProperty();
                if (property != null && "required".equals(m.getType())) {
                    path = path + "." + property;
                }
                errors.add(FieldError.of(path, m.getMessage().replaceFirst("^\\$", "spec")));
            }
        }
        return errors;
    }

    /**
     * Applies a change to a kind (or creates it) and persists it as the kind's next version.
     * Validates the result is a usable JSON Schema. Returns the new definition.
     */
    public KindDefinition apply(String kindName, KindChange change, String user, Connection c) throws SQLException {
        Optional<KindDefinition> existing = find(kindName);
        KindDefinition next = ModelChanges.merge(kindName, existing, change, mapper);
        String key = next.kind().toLowerCase(Locale.ROOT);
        int version = existing.map(KindDefinition::version).orElse(0) + 1;
        try {
            stored.insert(c, key, version, mapper.writeValueAsString(next.withVersion(version, builtIns.containsKey(key))), user);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return next.withVersion(version, builtIns.containsKey(key));
    }

    /** Validates entities against a not-yet-active definition (for the re-validation report). */
    public List<FieldError> validateAgainst(JsonNode entity, KindDefinition def) {
        Map<String, KindDefinition> kinds = new LinkedHashMap<>(snapshot.kinds());
        Map<String, JsonSchema> schemas = new LinkedHashMap<>(snapshot.schemas());
        String key = def.kind().toLowerCase(Locale.ROOT);
        kinds.put(key, def);
        schemas.put(key, SCHEMAS.getSchema(def.schema()));
        return validate(entity, true, new Snapshot(kinds, schemas, ""));
    }

    /** Checks that a schema fragment is valid JSON Schema 2020-12. */
    static List<String> metaSchemaErrors(JsonNode schema) {
        JsonSchema meta = SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<ValidationMessage> msgs = meta.validate(schema);
        return msgs.stream().map(ValidationMessage::getMessage).toList();
    }

    static ObjectNode objectSchema(ObjectMapper mapper) {
        ObjectNode s = mapper.createObjectNode();
        s.put("type", "object");
        s.set("properties", mapper.createObjectNode());
        s.set("required", mapper.createArrayNode());
        return s;
    }

    static ArrayNode required(ObjectNode schema) {
        JsonNode r = schema.get("required");
        if (r instanceof ArrayNode a) {
            return a;
        }
        return schema.putArray("required");
    }
}
