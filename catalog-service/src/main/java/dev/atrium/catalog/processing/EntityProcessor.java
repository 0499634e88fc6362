package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.entity.EntityRef;
import dev.atrium.catalog.location.LocationReader;
import dev.atrium.catalog.location.YamlDocuments;
import dev.atrium.catalog.model.KindDefinition;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.FieldError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one claimed row into an {@link Outcome}: validates it against the active model, emits its
 * relations and, for Location entities, reads the targets and parses the entities they hold.
 * Touches no database; the repository writes the outcome.
 */
@ApplicationScoped
public class EntityProcessor {
    public static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
    public static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";
    public static final String ORPHAN = "backstage.io/orphan";

    @Inject
    KindRegistry registry;

    @Inject
    LocationReader reader;

    @Inject
    CatalogConfig config;

    @Inject
    ObjectMapper mapper;

    private YamlDocuments yaml;

    @PostConstruct
    void init() {
        yaml = new YamlDocuments(config.reading());
        rules = rulesFingerprint(config.rules());
    }

    /** The rules, part of every result hash: a location whose files did not change is re-parsed when they change. */
    private String rules;

    /** The rules as one stable string, for result hashes and the processing fingerprint. */
    static String rulesFingerprint(CatalogConfig.Rules rules) {
        return "allow=" + rules.allow() + ";by-type=" + new TreeMap<>(rules.byLocationType());
    }

    public YamlDocuments yaml() {
        return yaml;
    }

    public Outcome process(Claimed row) {
        ObjectNode entity = row.unprocessed().deepCopy();
        MessageDigest digest = sha256();
        digest.update(row.unprocessed().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(registry.fingerprint().getBytes(StandardCharsets.UTF_8));
        digest.update((row.orphan() ? "orphan" : "").getBytes(StandardCharsets.UTF_8));
        digest.update(rules.getBytes(StandardCharsets.UTF_8));

        List<FieldError> errors = new ArrayList<>(registry.validate(entity, false));
        List<Relation> relations = List.of();
        EntityRef self = EntityRef.parse(row.entityRef());
        KindDefinition def = registry.find(entity.path("kind").asText()).orElse(null);
        if (errors.isEmpty() && def != null) {
            RelationEmitter.Result emitted = RelationEmitter.emit(entity, self, def);
            relations = emitted.relations();
            errors.addAll(emitted.errors());
        }
        boolean valid = errors.isEmpty();

        List<Outcome.Child> children = null;
        Set<String> retained = new HashSet<>();
        boolean complete = true;
        List<FieldError> locationErrors = new ArrayList<>();
        if (valid && "location".equalsIgnoreCase(entity.path("kind").asText())) {
            children = new ArrayList<>();
            complete = readTargets(row, entity, children, retained, locationErrors, digest);
        }

        ObjectNode finalEntity = null;
        List<FieldError> allErrors = new ArrayList<>(errors);
        allErrors.addAll(locationErrors);
        if (valid) {
            finalEntity = entity;
            ObjectNode metadata = (ObjectNode) finalEntity.get("metadata");
            metadata.put("uid", row.entityId().toString());
            if (!metadata.has("namespace")) {
                metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
            }
            if (row.orphan()) {
                annotations(metadata).put(ORPHAN, "true");
            }
            if (!locationErrors.isEmpty()) {
                finalEntity.set("status", status(locationErrors));
            }
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        boolean unchanged = hash.equals(row.resultHash()) && row.hasFinal() == (finalEntity != null) && complete;
        return new Outcome(row, finalEntity, allErrors, relations, children, retained, complete, hash, unchanged);
    }

    /** The hex digest so far, leaving {@code digest} usable. */
    private static String peek(MessageDigest digest) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }

    private boolean readTargets(Claimed row, ObjectNode entity, List<Outcome.Child> children, Set<String> retained,
            List<FieldError> errors, MessageDigest digest) {
        JsonNode spec = entity.path("spec");
        String ownKey = row.locationKey();
        String ownType = ownKey != null && ownKey.indexOf(':') > 0 ? ownKey.substring(0, ownKey.indexOf(':')) : null;
        String type = spec.path("type").asText(ownType);
        boolean optional = "optional".equals(spec.path("presence").asText());
        List<String> targets = new ArrayList<>();
        if (spec.path("target").isTextual()) {
            targets.add(spec.get("target").asText());
        }
        spec.path("targets").forEach(t -> targets.add(t.asText()));
        String origin = annotations((ObjectNode) entity.get("metadata")).path(MANAGED_BY_ORIGIN_LOCATION).asText(ownKey);
        boolean complete = true;
        // Read every target first: when the bytes, the entity, the model and the rules are what the
        // last clean pass hashed, its children are what it emitted and parsing them again is skipped.
        List<LocationReader.Content> contents = new ArrayList<>();
        for (String target : targets) {
            try {
                LocationReader.Content content = reader.read(type, LocationReader.resolve(type, target, ownKey));
                digest.update(content.bytes());
                contents.add(content);
            } catch (AtriumError e) {
                if (!(optional && e.status() == 404)) {
                    errors.add(new FieldError(e.errorName(), "spec.target", e.getMessage()));
                    complete = false;
                }
            }
        }
        if (complete && row.clean() && row.hasFinal() && row.resultHash() != null && row.resultHash().equals(peek(digest))) {
            return true;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (LocationReader.Content content : contents) {
            String key = content.locationKey();
            List<JsonNode> docs;
            try {
                docs = yaml.parse(content.bytes(), key);
            } catch (AtriumError e) {
                errors.add(new FieldError(e.errorName(), "spec.target", e.getMessage()));
                complete = false;
                continue;
            }
            int index = 0;
            for (JsonNode doc : docs) {
                index++;
                String where = key + " (document " + index + ")";
                if (!doc.isObject()) {
                    errors.add(new FieldError("InputError", "spec.target", "Expected an entity object in " + where));
                    continue;
                }
                ObjectNode child = (ObjectNode) doc;
                String kind = child.path("kind").asText("");
                String name = child.path("metadata").path("name").asText("");
                if (!kind.isEmpty() && !allowed(type, kind)) {
                    errors.add(new FieldError("NotAllowedError", "spec.target", "Entity " + kind + ":" + name + " in " + where
                            + " is not allowed: kind " + kind + " is not in the catalog rules for " + type + " locations"));
                    continue;
                }
                List<FieldError> invalid = registry.validate(child, false);
                String ref = null;
                if (!kind.isEmpty() && !name.isEmpty()) {
                    ref = EntityRef.of(kind, child.path("metadata").path("namespace").asText(null), name).canonical();
                }
                if (!invalid.isEmpty()) {
                    for (FieldError fe : invalid) {
                        errors.add(new FieldError(fe.name(), fe.field(), "Entity " + (ref == null ? "" : ref + " ") + "in " + where + ": " + fe.message()));
                    }
                    if (ref != null) {
                        retained.add(ref);
                    }
                    continue;
                }
                if (!seen.add(ref)) {
                    errors.add(new FieldError("ConflictError", "spec.target", "Entity " + ref + " is defined more than once (again in " + where + ")"));
                    continue;
                }
                ObjectNode annotations = annotations((ObjectNode) child.get("metadata"));
                annotations.put(MANAGED_BY_LOCATION, key);
                annotations.put(MANAGED_BY_ORIGIN_LOCATION, origin);
                children.add(new Outcome.Child(ref, json(child), key));
            }
        }
        return complete;
    }

    /**
     * Whether the catalog rules allow a kind from a location type. Kinds the model does not know
     * are left to validation, which reports them as unknown.
     */
    public boolean allowed(String locationType, String kind) {
        if (registry.find(kind).isEmpty()) {
            return true;
        }
        List<String> rules = config.rules().byLocationType().getOrDefault(locationType, config.rules().allow());
        return rules.stream().map(String::trim).anyMatch(r -> r.equals("*") || r.equalsIgnoreCase(kind));
    }

    private String json(ObjectNode entity) {
        try {
            return mapper.writeValueAsString(entity);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode annotations(ObjectNode metadata) {
        JsonNode a = metadata.get("annotations");
        if (a instanceof ObjectNode o) {
            return o;
        }
        return metadata.putObject("annotations");
    }

    private ObjectNode status(List<FieldError> errors) {
        ObjectNode status = mapper.createObjectNode();
        ArrayNode items = status.putArray("items");
        for (FieldError e : errors) {
            ObjectNode item = items.addObject();
            item.put("type", "backstage.io/catalog-processing");
            item.put("level", "error");
            item.put("message", e.name() + ": " + e.message());
            ObjectNode err = item.putObject("error");
            err.put("name", e.name());
            err.put("message", e.message());
        }
        return status;
    }

    /** The Backstage-style status block for a list of errors (used when an entity keeps an old version). */
    public ObjectNode statusFor(List<FieldError> errors) {
        return status(errors);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
