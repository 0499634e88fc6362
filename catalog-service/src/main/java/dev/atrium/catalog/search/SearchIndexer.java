package dev.atrium.catalog.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flattens an entity into the (key, value) rows of the search table the way Backstage does: dot
 * paths, lower-cased; array elements under the same key plus {@code key.element = true} for string
 * elements; over-long values kept as null so only existence filters match them.
 */
public final class SearchIndexer {
    public static final int MAX_KEY_LENGTH = 200;
    public static final int MAX_VALUE_LENGTH = 200;
    private static final Set<String> SKIPPED_ROOTS = Set.of("relations", "status", "attachments");

    private SearchIndexer() {
    }

    /** One search row; {@code value} is lower-cased, {@code originalValue} keeps the case for facets. */
    public record Row(String key, String value, String originalValue) {
    }

    public static List<Row> rows(JsonNode entity) {
        Set<Row> rows = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entity.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!SKIPPED_ROOTS.contains(e.getKey())) {
                walk(e.getKey(), e.getValue(), rows, false);
            }
        }
        JsonNode metadata = entity.path("metadata");
        if (!metadata.has("namespace")) {
            rows.add(new Row("metadata.namespace", "default", "default"));
        }
        rows.removeIf(r -> r.key().equals("metadata.etag"));
        return new ArrayList<>(rows);
    }

    private static void walk(String path, JsonNode node, Set<Row> rows, boolean inArray) {
        if (path.length() > MAX_KEY_LENGTH) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(path + "." + e.getKey(), e.getValue(), rows, false);
            }
        } else if (node.isArray()) {
            for (JsonNode el : node) {
                walk(path, el, rows, true);
                if (el.isTextual()) {
                    String sub = path + "." + el.asText();
                    if (sub.length() <= MAX_KEY_LENGTH) {
                        rows.add(new Row(sub.toLowerCase(Locale.ROOT), "true", "true"));
                    }
                }
            }
        } else if (!node.isNull()) {
            String text = node.asText();
            String key = path.toLowerCase(Locale.ROOT);
            if (text.length() > MAX_VALUE_LENGTH) {
                rows.add(new Row(key, null, null));
            } else {
                rows.add(new Row(key, text.toLowerCase(Locale.ROOT), text));
            }
        }
    }
}
