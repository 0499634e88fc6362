package dev.atrium.catalog.reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.FieldError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Backstage's placeholder substitution: an object whose only key is {@code $text}, {@code $json}
 * or {@code $yaml} with a string value is replaced by the text, JSON or YAML of the file it names
 * (a path relative to the entity's file, or an absolute http(s) URL). The file is read like a
 * target, under the same rules, limits and pass budget. Other {@code $}-keys (such as JSON
 * Schema's {@code $ref}) are left alone, and substituted values are not searched again.
 */
public final class Placeholders {
    private static final byte[][] MARKERS = {"$text".getBytes(StandardCharsets.US_ASCII),
            "$json".getBytes(StandardCharsets.US_ASCII), "$yaml".getBytes(StandardCharsets.US_ASCII)};

    private final YamlDocuments yaml;
    private final ObjectMapper json;

    public Placeholders(YamlDocuments yaml, int maxNestingDepth) {
        this.yaml = yaml;
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build()).build());
    }

    /** Whether a file may hold placeholders at all (a cheap scan of its bytes). */
    public static boolean mayHold(byte[] content) {
        for (byte[] m : MARKERS) {
            outer:
            for (int i = 0; i + m.length <= content.length; i++) {
                for (int j = 0; j < m.length; j++) {
                    if (content[i + j] != m[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Substitutes every placeholder in {@code entity} (in place), reading through {@code session}
     * relative to {@code fileLocationKey}. Returns one error per placeholder that could not be read.
     *
     * @param read receives the location key and bytes of every file read, e.g. for a result hash
     */
    public List<FieldError> resolve(ObjectNode entity, String fileLocationKey, LocationReader.Session session, Reads read) {
        List<FieldError> errors = new ArrayList<>();
        walk(entity, "", fileLocationKey, session, read, errors);
        return errors;
    }

    /** Observer of the files placeholders read. */
    @FunctionalInterface
    public interface Reads {
        void read(String locationKey, byte[] bytes);
    }

    private JsonNode walk(JsonNode node, String path, String base, LocationReader.Session session, Reads read, List<FieldError> errors) {
        if (node instanceof ObjectNode obj) {
            if (obj.size() == 1) {
                Map.Entry<String, JsonNode> only = obj.fields().next();
                String key = only.getKey();
                if ((key.equals("$text") || key.equals("$json") || key.equals("$yaml")) && only.getValue().isTextual()) {
                    return substitute(key, only.getValue().asText(), path, base, session, read, errors, obj);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode replaced = walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), base, session, read, errors);
                if (replaced != e.getValue()) {
                    e.setValue(replaced);
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                JsonNode replaced = walk(arr.get(i), path + "[" + i + "]", base, session, read, errors);
                if (replaced != arr.get(i)) {
                    arr.set(i, replaced);
                }
            }
        }
        return node;
    }

    private JsonNode substitute(String key, String value, String path, String base, LocationReader.Session session, Reads read,
            List<FieldError> errors, JsonNode original) {
        LocationReader.Content content;
        try {
            content = session.readReferenced(base, value);
        } catch (AtriumError e) {
            errors.add(new FieldError(e.errorName(), path, "Placeholder " + key + " could not read " + value + ": " + e.getMessage()));
            return original;
        }
        read.read(content.locationKey(), content.bytes());
        try {
            return switch (key) {
                case "$text" -> TextNode.valueOf(text(content.bytes()));
                case "$json" -> json.readTree(content.bytes());
                default -> yaml.parseSingle(content.bytes(), content.locationKey());
            };
        } catch (IOException e) {
            errors.add(new FieldError("InputError", path, "Placeholder $json could not parse " + value + " as JSON"));
        } catch (AtriumError e) {
            errors.add(new FieldError(e.errorName(), path, "Placeholder $yaml could not parse " + value + ": " + e.getMessage()));
        }
        return original;
    }

    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
