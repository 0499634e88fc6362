package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.catalog.reading.LocationReader;
import dev.atrium.catalog.reading.Placeholders;
import dev.atrium.catalog.reading.YamlDocuments;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.security.AtriumUser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way a Location entity is expanded into the entities it emits, for registration, dry runs
 * and processing passes alike: its targets are read (relative ones against its own file), each
 * document is parsed, its placeholders substituted, then checked against the catalog rules, the
 * model and what the registrant may register. Every problem is reported with its file, document
 * and field; one bad target or entity never stops the others.
 */
@ApplicationScoped
public class LocationExpander {
    public static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
    public static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";

    @Inject
    CatalogConfig config;

    @Inject
    KindRegistry registry;

    @Inject
    EntityValidator validator;

    @Inject
    RegistrationPolicy policy;

    private YamlDocuments yaml;
    private Placeholders placeholders;

    @PostConstruct
    void init() {
        yaml = new YamlDocuments(config.reading());
        placeholders = new Placeholders(yaml, config.reading().maxNestingDepth());
    }

    public YamlDocuments yaml() {
        return yaml;
    }

    /**
     * What to expand.
     *
     * @param location the Location entity
     * @param ownKey location key of the file the Location was read from (for the generated root: its own type:target)
     * @param origin location key of the registered location, for {@code managed-by-origin-location}
     * @param registrant whose registration the entities are checked against
     * @param session reads of this pass (budget, clones, placeholder cache)
     * @param seen refs emitted so far (a dry run shares it across Locations); duplicates are errors
     * @param digest when not null, every byte read is added to it (the pass's result hash)
     * @param unchangedHash when not null, a pass whose targets hash to it (and hold no placeholders) is skipped
     * @param strict whether a target that cannot be read or parsed is thrown (registration) instead of reported
     */
    public record Request(ObjectNode location, String ownKey, String origin, AtriumUser registrant, LocationReader.Session session,
            Set<String> seen, MessageDigest digest, String unchangedHash, boolean strict) {
    }

    /**
     * What a Location emits.
     *
     * @param retained refs of entities it emitted before that are invalid or refused now: they keep their last good version
     * @param complete whether every target was read, so children missing from this read are really gone
     * @param skipped whether the targets are unchanged since the last clean pass (children not parsed again)
     * @param refused how many entities the registrant may not register
     */
    public record Expansion(List<Outcome.Child> children, Set<String> retained, List<ProcessingError> errors, boolean complete,
            boolean skipped, int refused) {
    }

    public Expansion expand(Request r) {
        List<Outcome.Child> children = new ArrayList<>();
        Set<String> retained = new HashSet<>();
        Errors errors = new Errors();
        JsonNode spec = r.location().path("spec");
        String ownType = r.ownKey().substring(0, r.ownKey().indexOf(':'));
        String type = spec.path("type").asText(ownType);
        if (!type.equals(ownType)) {
            errors.add(new ProcessingError("NotAllowedError", "spec.type", "A " + ownType + " location cannot emit " + type
                    + " locations; a nested Location keeps the type of the location it was read from", r.ownKey(), null, null));
            return new Expansion(children, retained, errors.list, false, false, 0);
        }
        boolean optional = "optional".equals(spec.path("presence").asText());
        List<String> targets = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        if (spec.path("target").isTextual()) {
            targets.add(spec.get("target").asText());
            fields.add("spec.target");
        }
        for (int i = 0; i < spec.path("targets").size(); i++) {
            targets.add(spec.get("targets").get(i).asText());
            fields.add("spec.targets[" + i + "]");
        }
        if (targets.size() > config.reading().maxTargets()) {
            errors.add(new ProcessingError("PayloadTooLargeError", "spec.targets", "The Location lists " + targets.size()
                    + " targets, more than the limit of " + config.reading().maxTargets() + " (atrium.catalog.reading.max-targets)",
                    r.ownKey(), null, null));
            return new Expansion(children, retained, errors.list, false, false, 0);
        }
        boolean complete = true;
        boolean mayHoldPlaceholders = false;
        // Read every target first: when the bytes, the entity, the model and the rules are what the
        // last clean pass hashed, its children are what it emitted and parsing them again is skipped.
        List<LocationReader.Content> contents = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            try {
                LocationReader.Content content = r.session().read(type, LocationReader.resolve(type, targets.get(i), r.ownKey()));
                if (r.digest() != null) {
                    r.digest().update(content.bytes());
                }
                mayHoldPlaceholders |= Placeholders.mayHold(content.bytes());
                contents.add(content);
            } catch (AtriumError e) {
                if (r.strict()) {
                    throw e;
                }
                if (!(optional && e.status() == 404)) {
                    errors.add(ProcessingError.of(e, fields.get(i), r.ownKey()));
                    complete = false;
                }
            }
        }
        if (complete && !mayHoldPlaceholders && r.unchangedHash() != null && r.unchangedHash().equals(peek(r.digest()))) {
            return new Expansion(children, retained, errors.list, true, true, 0);
        }
        RegistrationPolicy.Lookups lookups = policy.lookups();
        int[] refused = {0};
        for (LocationReader.Content content : contents) {
            String key = content.locationKey();
            boolean placeholdersPossible = Placeholders.mayHold(content.bytes());
            List<JsonNode> docs;
            try {
                docs = yaml.parse(content.bytes(), key);
            } catch (AtriumError e) {
                if (r.strict()) {
                    throw e;
                }
                errors.add(new ProcessingError(e.errorName(), null, e.getMessage(), key, null, null));
                complete = false;
                continue;
            }
            for (int index = 1; index <= docs.size(); index++) {
                JsonNode doc = docs.get(index - 1);
                docs.set(index - 1, null);
                Optional<Outcome.Child> child = document(r, type, key, index, doc, placeholdersPossible, retained, errors, lookups, refused);
                child.ifPresent(children::add);
            }
        }
        return new Expansion(children, retained, errors.list, complete, false, refused[0]);
    }

    private Optional<Outcome.Child> document(Request r, String type, String key, int index, JsonNode doc, boolean placeholdersPossible,
            Set<String> retained,
            Errors errors, RegistrationPolicy.Lookups lookups, int[] refused) {
        if (!doc.isObject()) {
            errors.add(new ProcessingError("InputError", null, "Expected an entity object", key, index, null));
            return Optional.empty();
        }
        ObjectNode child = (ObjectNode) doc;
        String kind = child.path("kind").asText("");
        String name = child.path("metadata").path("name").asText("");
        String ref = null;
        if (!kind.isEmpty() && !name.isEmpty()) {
            try {
                ref = EntityRef.of(kind, child.path("metadata").path("namespace").asText(null), name).canonical();
            } catch (RuntimeException e) {
                ref = null;
            }
        }
        if (!kind.isEmpty() && !allowed(type, kind)) {
            errors.add(new ProcessingError("NotAllowedError", "kind", "Kind " + kind + " is not allowed for " + type
                    + " locations by the catalog rules", key, index, ref));
            return Optional.empty();
        }
        List<FieldError> invalid = new ArrayList<>();
        if (placeholdersPossible) {
            invalid.addAll(placeholders.resolve(child, key, r.session(), (k, bytes) -> {
                if (r.digest() != null) {
                    r.digest().update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    r.digest().update(bytes);
                }
            }));
        }
        if (invalid.isEmpty()) {
            invalid.addAll(validator.validate(child));
        }
        if (invalid.isEmpty() && kind.equalsIgnoreCase("Location")) {
            String childType = child.path("spec").path("type").asText(type);
            if (!childType.equals(type)) {
                invalid.add(new FieldError("NotAllowedError", "spec.type", "A " + type + " location cannot emit " + childType
                        + " locations; a nested Location keeps the type of the location it was read from"));
            }
        }
        if (invalid.isEmpty()) {
            Optional<FieldError> notAllowed = policy.check(r.registrant(), child, lookups);
            if (notAllowed.isPresent()) {
                invalid.add(notAllowed.get());
                refused[0]++;
            }
        }
        if (!invalid.isEmpty()) {
            int shown = 0;
            for (FieldError fe : invalid) {
                if (++shown > config.processing().maxErrorsPerEntity()) {
                    errors.add(new ProcessingError("InputError", null, (invalid.size() - shown + 1) + " more errors", key, index, ref));
                    break;
                }
                errors.add(ProcessingError.at(fe, key, index, ref));
            }
            if (ref != null) {
                retained.add(ref);
            }
            return Optional.empty();
        }
        if (!r.seen().add(ref)) {
            errors.add(new ProcessingError("ConflictError", "metadata.name", "Entity " + ref + " is defined more than once", key, index, ref));
            return Optional.empty();
        }
        ObjectNode annotations = annotations((ObjectNode) child.get("metadata"));
        annotations.put(MANAGED_BY_LOCATION, key);
        annotations.put(MANAGED_BY_ORIGIN_LOCATION, r.origin());
        return Optional.of(new Outcome.Child(ref, child, key));
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
        return rules.stream().map(String::trim).anyMatch(x -> x.equals("*") || x.equalsIgnoreCase(kind));
    }

    static ObjectNode annotations(ObjectNode metadata) {
        JsonNode a = metadata.get("annotations");
        if (a instanceof ObjectNode o) {
            return o;
        }
        return metadata.putObject("annotations");
    }

    /** The hex digest so far, leaving {@code digest} usable. */
    static String peek(MessageDigest digest) {
        if (digest == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }

    /** The errors of one expansion, at most the configured number. */
    private final class Errors {
        private final List<ProcessingError> list = new ArrayList<>();
        private int dropped;

        void add(ProcessingError e) {
            int max = config.processing().maxErrorsPerPass();
            if (list.size() < max) {
                list.add(e);
            } else if (dropped++ == 0) {
                list.add(new ProcessingError("InputError", null, "More errors than the limit of " + max
                        + " (atrium.catalog.processing.max-errors-per-pass); the rest are not listed", null, null, null));
            }
        }
    }
}
