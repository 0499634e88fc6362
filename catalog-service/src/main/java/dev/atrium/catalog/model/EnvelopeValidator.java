package dev.atrium.catalog.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.error.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the parts every entity shares (apiVersion, kind, metadata) with Backstage's rules and
 * messages; the kind-specific spec is checked by the model's JSON Schema.
 */
public final class EnvelopeValidator {
    private static final Pattern API_VERSION = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[a-zA-Z0-9]{1,63}$");
    private static final Pattern KIND = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]{0,62}$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern TAG = Pattern.compile("^[a-z0-9+#]+(-[a-z0-9+#]+)*$");
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "relations", "status");
    private static final Set<String> SERVER_METADATA = Set.of("uid", "etag");

    private EnvelopeValidator() {
    }

    /**
     * Validates an entity as read from a catalog file or sent for validation.
     *
     * @param allowServerFields whether {@code metadata.uid/etag}, {@code relations} and {@code status} may be present
     */
    public static List<FieldError> validate(JsonNode entity, boolean allowServerFields) {
        List<FieldError> errors = new ArrayList<>();
        if (entity == null || !entity.isObject()) {
            errors.add(FieldError.of("", "Entity must be an object"));
            return errors;
        }
        for (Iterator<String> it = entity.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!ROOT_FIELDS.contains(f)) {
                errors.add(FieldError.of(f, "Unknown root field \"" + f + "\"; only apiVersion, kind, metadata and spec are allowed"));
            } else if (!allowServerFields && (f.equals("relations") || f.equals("status"))) {
                errors.add(FieldError.of(f, "\"" + f + "\" is set by the catalog and must not be supplied"));
            }
        }
        checkString(entity.get("apiVersion"), "apiVersion", API_VERSION, 253, "an apiVersion such as backstage.io/v1alpha1", errors);
        checkString(entity.get("kind"), "kind", KIND, 63, "a kind such as Component", errors);
        JsonNode metadata = entity.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            errors.add(FieldError.of("metadata", "\"metadata\" is required and must be an object"));
            return errors;
        }
        checkString(metadata.get("name"), "metadata.name", NAME, 63,
                "a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total", errors);
        if (metadata.has("namespace")) {
            checkString(metadata.get("namespace"), "metadata.namespace", NAMESPACE, 63,
                    "a string that is sequences of [a-z0-9] separated by [-], at most 63 characters in total", errors);
        }
        if (!allowServerFields) {
            for (String f : SERVER_METADATA) {
                if (metadata.has(f)) {
                    errors.add(FieldError.of("metadata." + f, "\"metadata." + f + "\" is set by the catalog and must not be supplied"));
                }
            }
        }
        for (String f : List.of("title", "description")) {
            JsonNode v = metadata.get(f);
            if (v != null && !v.isNull() && !v.isTextual()) {
                errors.add(FieldError.of("metadata." + f, "\"metadata." + f + "\" must be a string"));
            }
        }
        checkKeyValues(metadata.get("labels"), "metadata.labels", true, errors);
        checkKeyValues(metadata.get("annotations"), "metadata.annotations", false, errors);
        checkTags(metadata.get("tags"), errors);
        checkLinks(metadata.get("links"), errors);
        JsonNode spec = entity.get("spec");
        if (spec != null && !spec.isNull() && !spec.isObject()) {
            errors.add(FieldError.of("spec", "\"spec\" must be an object"));
        }
        return errors;
    }

    private static void checkString(JsonNode v, String field, Pattern p, int max, String expected, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            errors.add(FieldError.of(field, "\"" + field + "\" is required"));
        } else if (!v.isTextual() || v.asText().length() > max || !p.matcher(v.asText()).matches()) {
            errors.add(FieldError.of(field, "\"" + field + "\" is not valid; expected " + expected + " but found \"" + v.asText() + "\""));
        }
    }

    private static void checkKeyValues(JsonNode map, String field, boolean valuesAreNames, List<FieldError> errors) {
        if (map == null || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            errors.add(FieldError.of(field, "\"" + field + "\" must be an object"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!validKey(e.getKey())) {
                errors.add(FieldError.of(field + "." + e.getKey(), "\"" + field + "\" key is not valid; expected a key such as [prefix/]name but found \"" + e.getKey() + "\""));
            }
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                errors.add(FieldError.of(field + "." + e.getKey(), "\"" + field + "." + e.getKey() + "\" must be a string"));
            } else if (valuesAreNames && !v.asText().isEmpty() && (v.asText().length() > 63 || !NAME.matcher(v.asText()).matches())) {
                errors.add(FieldError.of(field + "." + e.getKey(), "\"" + field + "\" value is not valid; expected a name-like string but found \"" + v.asText() + "\""));
            }
        }
    }

    static boolean validKey(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253) {
                return false;
            }
            for (String label : prefix.split("\\.", -1)) {
                if (label.length() > 63 || !DNS_LABEL.matcher(label).matches()) {
                    return false;
                }
            }
        }
        return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
    }

    private static void checkTags(JsonNode tags, List<FieldError> errors) {
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isArray()) {
            errors.add(FieldError.of("metadata.tags", "\"metadata.tags\" must be an array"));
            return;
        }
        for (JsonNode t : tags) {
            if (!t.isTextual() || t.asText().length() > 63 || !TAG.matcher(t.asText()).matches()) {
                errors.add(FieldError.of("metadata.tags", "\"metadata.tags\" is not valid; expected a string of sequences of [a-z0-9+#] separated by [-], at most 63 characters in total but found \"" + t.asText() + "\""));
            }
        }
    }

    private static void checkLinks(JsonNode links, List<FieldError> errors) {
        if (links == null || links.isNull()) {
            return;
        }
        if (!links.isArray()) {
            errors.add(FieldError.of("metadata.links", "\"metadata.links\" must be an array"));
            return;
        }
        int i = 0;
        for (JsonNode l : links) {
            String f = "metadata.links[" + i++ + "]";
            JsonNode url = l.get("url");
            if (url == null || !url.isTextual() || !isUrl(url.asText())) {
                errors.add(FieldError.of(f + ".url", "\"" + f + ".url\" must be a valid URL"));
            }
            JsonNode title = l.get("title");
            if (title != null && (!title.isTextual() || title.asText().isEmpty())) {
                errors.add(FieldError.of(f + ".title", "\"" + f + ".title\" must be a non-empty string"));
            }
        }
    }

    private static boolean isUrl(String s) {
        try {
            URI u = new URI(s);
            return u.getScheme() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
