package dev.atrium.scaffolder.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Replaces every secret value in text and JSON with {@code ***} before anything is stored or returned. */
public final class Redactor {
    public static final String MASK = "***";
    private static final int MIN_SECRET_LENGTH = 3;

    private final List<String> values;

    public Redactor(Collection<String> secretValues) {
        this.values = secretValues.stream().filter(v -> v != null && v.length() >= MIN_SECRET_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static Redactor of(Map<String, String> secrets) {
        return new Redactor(secrets == null ? List.of() : secrets.values());
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    public JsonNode redact(JsonNode node) {
        if (node == null || values.isEmpty()) {
            return node;
        }
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(redact(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), redact(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(redact(n)));
            return out;
        }
        return node;
    }
}
