package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.model.KindDefinition;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.commons.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one validator of entity documents, shared by ingestion, dry runs and {@code validate-entity}:
 * no NUL characters (PostgreSQL cannot store them), the envelope and the kind's schema of the
 * active model, then the refs of its relation fields.
 */
@ApplicationScoped
public class EntityValidator {

    @Inject
    KindRegistry registry;

    /** Every problem of a document as read from a catalog file. */
    public List<FieldError> validate(JsonNode entity) {
        List<FieldError> errors = new ArrayList<>();
        nulCharacters(entity, "", errors);
        if (!errors.isEmpty()) {
            return errors;
        }
        errors.addAll(registry.validate(entity, false));
        if (errors.isEmpty()) {
            Optional<KindDefinition> def = registry.find(entity.path("kind").asText());
            if (def.isPresent()) {
                EntityRef self = EntityRef.of(entity.path("kind").asText(), entity.path("metadata").path("namespace").asText(null),
                        entity.path("metadata").path("name").asText());
                errors.addAll(RelationEmitter.emit(entity, self, def.get()).errors());
            }
        }
        return errors;
    }

    private static void nulCharacters(JsonNode node, String path, List<FieldError> errors) {
        if (errors.size() >= 5) {
            return;
        }
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            errors.add(FieldError.of(path, "\"" + path + "\" must not contain NUL characters"));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getKey().indexOf('\0') >= 0) {
                    errors.add(FieldError.of(p.replace("\0", "\\0"), "Keys must not contain NUL characters"));
                } else {
                    nulCharacters(e.getValue(), p, errors);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulCharacters(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}
