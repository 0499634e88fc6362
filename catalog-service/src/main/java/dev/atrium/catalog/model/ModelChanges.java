package dev.atrium.catalog.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure merge rules for model changes: what may be added to a kind, and what is refused. */
final class ModelChanges {
    private static final Pattern KIND = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]{0,62}$");
    private static final Pattern FIELD = Pattern.compile("^[a-zA-Z][a-zA-Z0-9_]{0,62}$");
    private static final Pattern API_VERSION = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[a-zA-Z0-9]{1,63}$");
    private static final Pattern RELATION = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]{0,62}$");

    private ModelChanges() {
    }

    static KindDefinition merge(String kindName, Optional<KindDefinition> existing, KindChange change, ObjectMapper mapper) {
        if (!KIND.matcher(kindName).matches()) {
            throw new InputError("Invalid kind name \"" + kindName + "\"; expected a letter followed by letters and digits");
        }
        if (change == null) {
            throw new InputError("Request body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode schema = existing.map(d -> (ObjectNode) d.schema().deepCopy()).orElseGet(() -> KindRegistry.objectSchema(mapper));
        ObjectNode props = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        Map<String, JsonNode> add = change.properties() == null ? Map.of() : change.properties();
        if (existing.isEmpty() && add.isEmpty()) {
            errors.add(FieldError.of("properties", "A new kind needs at least one spec property"));
        }
        for (Map.Entry<String, JsonNode> p : add.entrySet()) {
            String field = "properties." + p.getKey();
            if (!FIELD.matcher(p.getKey()).matches()) {
                errors.add(FieldError.of(field, "Invalid field name; expected a letter followed by letters, digits or _"));
            } else if (props.has(p.getKey())) {
                throw new ConflictError("Field spec." + p.getKey() + " is already defined for kind "
                        + existing.map(KindDefinition::kind).orElse(kindName) + "; existing fields cannot be redefined");
            } else if (p.getValue() == null || !p.getValue().isObject()) {
                errors.add(FieldError.of(field, "Must be a JSON Schema object"));
            } else {
                KindRegistry.metaSchemaErrors(p.getValue()).forEach(m -> errors.add(FieldError.of(field, "Not a valid JSON Schema: " + m)));
                props.set(p.getKey(), p.getValue());
            }
        }
        ArrayNode required = KindRegistry.required(schema);
        Set<String> req = new LinkedHashSet<>();
        required.forEach(r -> req.add(r.asText()));
        if (change.required() != null) {
            for (String r : change.required()) {
                if (!props.has(r)) {
                    errors.add(FieldError.of("required", "Required field \"" + r + "\" is not a property of the kind"));
                } else {
                    req.add(r);
                }
            }
        }
        required.removeAll();
        req.forEach(required::add);

        Set<String> apiVersions = new LinkedHashSet<>(existing.map(KindDefinition::apiVersions).orElse(List.of()));
        if (change.apiVersions() != null) {
            for (String v : change.apiVersions()) {
                if (v == null || !API_VERSION.matcher(v).matches()) {
                    errors.add(FieldError.of("apiVersions", "Invalid apiVersion \"" + v + "\""));
                } else {
                    apiVersions.add(v);
                }
            }
        }
        if (apiVersions.isEmpty()) {
            apiVersions.add("atrium.dev/v1alpha1");
        }
        List<RelationDefinition> relations = new ArrayList<>(existing.map(KindDefinition::relations).orElse(List.of()));
        if (change.relations() != null) {
            for (RelationDefinition r : change.relations()) {
                if (r == null || r.field() == null || !r.field().startsWith("spec.") || !props.has(r.field().substring(5))) {
                    errors.add(FieldError.of("relations", "Relation field must be an existing spec property, e.g. spec.owner"));
                } else if (r.type() == null || !RELATION.matcher(r.type()).matches() || r.inverse() == null
                        || !RELATION.matcher(r.inverse()).matches()) {
                    errors.add(FieldError.of("relations", "Relation type and inverse must be names such as ownedBy / ownerOf"));
                } else if (relations.stream().anyMatch(x -> x.field().equals(r.field()) && x.type().equals(r.type()))) {
                    throw new ConflictError("Relation " + r.type() + " from " + r.field() + " already exists");
                } else {
                    relations.add(r);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid model change for kind " + kindName, errors);
        }
        String description = change.description() != null ? change.description()
                : existing.map(KindDefinition::description).orElse(null);
        String kind = existing.map(KindDefinition::kind).orElse(kindName);
        return new KindDefinition(kind, description, List.copyOf(apiVersions), schema, List.copyOf(relations), null, null);
    }
}
