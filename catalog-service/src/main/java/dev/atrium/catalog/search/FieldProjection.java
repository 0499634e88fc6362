package dev.atrium.catalog.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import java.util.ArrayList;
import java.util.List;

/** Backstage's {@code fields} parameter: copies only the listed dot paths into the response. */
public final class FieldProjection {
    private final List<String[]> paths;

    private FieldProjection(List<String[]> paths) {
        this.paths = paths;
    }

    /** Parses repeated, comma-separated {@code fields} parameters; null when none given. */
    public static FieldProjection parse(List<String> params) {
        if (params == null) {
            return null;
        }
        List<String[]> paths = new ArrayList<>();
        for (String p : params) {
            InputError.noNul(p, "fields");
            for (String f : p.split(",")) {
                String field = f.trim();
                if (field.isEmpty()) {
                    continue;
                }
                if (field.contains("[")) {
                    throw new InputError("Invalid field \"" + field + "\", array type fields are not supported");
                }
                paths.add(field.split("\\."));
            }
        }
        return paths.isEmpty() ? null : new FieldProjection(paths);
    }

    public ObjectNode apply(JsonNode entity) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String[] path : paths) {
            JsonNode cur = entity;
            for (String part : path) {
                cur = cur == null ? null : cur.get(part);
            }
            if (cur == null) {
                continue;
            }
            ObjectNode target = out;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode next = target.get(path[i]);
                target = next instanceof ObjectNode o ? o : target.putObject(path[i]);
            }
            target.set(path[path.length - 1], cur.deepCopy());
        }
        return out;
    }
}
