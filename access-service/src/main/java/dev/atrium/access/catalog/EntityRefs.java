package dev.atrium.access.catalog;

import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing and canonical form of catalog entity refs ({@code kind:namespace/name}) as this service uses them. */
public final class EntityRefs {
    private static final Pattern PART = Pattern.compile("[a-z0-9A-Z][a-z0-9A-Z._-]{0,62}");

    private EntityRefs() {
    }

    /** A parsed ref; every part lower-case. */
    public record Ref(String kind, String namespace, String name) {
        @Override
        public String toString() {
            return kind + ":" + namespace + "/" + name;
        }
    }

    /**
     * Parses {@code name}, {@code kind:name}, {@code namespace/name} or {@code kind:namespace/name};
     * a missing kind is {@code defaultKind}, a missing namespace {@code default}.
     *
     * @throws InputError naming {@code field} when the ref is malformed
     */
    public static Ref parse(String value, String defaultKind, String field) {
        if (value == null || value.isBlank()) {
            throw new InputError("Invalid " + field, List.of(FieldError.of(field, "must not be blank")));
        }
        String v = value.trim();
        if (v.length() > 200) {
            throw new InputError("Invalid " + field, List.of(FieldError.of(field, "must be at most 200 characters")));
        }
        String kind = defaultKind;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            kind = v.substring(0, colon);
            v = v.substring(colon + 1);
        }
        String namespace = "default";
        int slash = v.indexOf('/');
        if (slash >= 0) {
            namespace = v.substring(0, slash);
            v = v.substring(slash + 1);
        }
        if (!PART.matcher(kind).matches() || !PART.matcher(namespace).matches() || !PART.matcher(v).matches()) {
            throw new InputError("Invalid " + field, List.of(FieldError.of(field,
                    "must be an entity ref such as aimodel:default/code-llm (letters, digits, '.', '_', '-'; at most 63 per part)")));
        }
        return new Ref(kind.toLowerCase(Locale.ROOT), namespace.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT));
    }

    /** Canonical form of a ref taken from catalog data; {@code null} when it does not parse. */
    public static String canonicalOrNull(String value, String defaultKind) {
        try {
            return parse(value, defaultKind, "ref").toString();
        } catch (InputError e) {
            return null;
        }
    }

    /** The name part of a canonical ref. */
    public static String name(String canonicalRef) {
        return canonicalRef.substring(canonicalRef.indexOf('/') + 1);
    }
}
