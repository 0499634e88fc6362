package dev.atrium.catalog.ref;

import dev.atrium.commons.error.InputError;
import java.util.Locale;

/**
 * A reference to an entity, {@code kind:namespace/name}. Parsing follows Backstage: the kind and
 * namespace parts are optional where a default applies; the canonical form is lower-case.
 */
public record EntityRef(String kind, String namespace, String name) {
    public static final String DEFAULT_NAMESPACE = "default";

    /** Canonical lower-case string, e.g. {@code component:default/payments-api}. */
    public String canonical() {
        return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** Parses a full ref; the kind is required, the namespace defaults to {@code default}. */
    public static EntityRef parse(String ref) {
        return parse(ref, null, DEFAULT_NAMESPACE);
    }

    /**
     * Parses {@code [<kind>:][<namespace>/]<name>}.
     *
     * @param defaultKind kind to use when the ref has none; null means a kind is required
     * @param defaultNamespace namespace to use when the ref has none
     * @throws InputError when the ref is malformed or lacks a required kind
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        if (ref == null || ref.isBlank()) {
            throw new InputError("Entity reference must not be empty");
        }
        InputError.noNul(ref, "entity reference");
        String rest = ref.trim();
        String kind = null;
        int colon = rest.indexOf(':');
        int slash = rest.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            kind = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        String namespace = null;
        slash = rest.indexOf('/');
        if (slash >= 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        if ((kind != null && kind.isEmpty()) || (namespace != null && namespace.isEmpty()) || rest.isEmpty()
                || rest.contains(":") || rest.contains("/")) {
            throw new InputError("Entity reference '" + ref + "' was not on the form [<kind>:][<namespace>/]<name>");
        }
        if (kind == null) {
            if (defaultKind == null) {
                throw new InputError("Entity reference '" + ref + "' had missing or empty kind (e.g. did not start with \"component:\" or similar)");
            }
            kind = defaultKind;
        }
        return new EntityRef(kind, namespace == null ? defaultNamespace : namespace, rest);
    }

    /** Ref of a parsed entity document: kind, metadata.namespace (default) and metadata.name. */
    public static EntityRef of(String kind, String namespace, String name) {
        return new EntityRef(kind, namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, name);
    }
}
