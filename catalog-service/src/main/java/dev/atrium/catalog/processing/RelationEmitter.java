package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.model.KindDefinition;
import dev.atrium.catalog.model.RelationDefinition;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Emits the relations a kind's model declares for an entity's spec fields, in both directions.
 * Refs resolve with the relation's default kind and the entity's own namespace.
 */
public final class RelationEmitter {

    private RelationEmitter() {
    }

    /** Relations and the field errors of refs that could not be parsed. */
    public record Result(List<Relation> relations, List<FieldError> errors) {
    }

    public static Result emit(JsonNode entity, EntityRef self, KindDefinition kind) {
        Set<Relation> out = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        String source = self.canonical();
        for (RelationDefinition def : kind.relations()) {
            JsonNode value = at(entity, def.field());
            List<String> refs = new ArrayList<>();
            if (value.isTextual()) {
                refs.add(value.asText());
            } else if (value.isArray()) {
                value.forEach(v -> {
                    if (v.isTextual()) {
                        refs.add(v.asText());
                    }
                });
            }
            for (String raw : refs) {
                try {
                    String target = EntityRef.parse(raw, def.defaultKind(), self.namespace()).canonical();
                    out.add(new Relation(source, def.type(), target));
                    out.add(new Relation(target, def.inverse(), source));
                } catch (InputError e) {
                    errors.add(FieldError.of(def.field(), e.getMessage()));
                }
            }
        }
        return new Result(List.copyOf(out), errors);
    }

    static JsonNode at(JsonNode node, String dotPath) {
        JsonNode cur = node;
        for (String part : dotPath.split("\\.")) {
            cur = cur.path(part);
        }
        return cur;
    }
}
