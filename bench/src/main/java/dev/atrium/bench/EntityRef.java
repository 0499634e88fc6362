package dev.atrium.bench;

import java.util.Locale;

/** A reference to a catalog entity, printed in the canonical lower-case form {@code kind:namespace/name}. */
public record EntityRef(String kind, String namespace, String name) {

    /** The namespace every generated entity lives in. */
    public static final String DEFAULT_NAMESPACE = "default";

    /** A reference in the default namespace. */
    public static EntityRef of(String kind, String name) {
        return new EntityRef(kind, DEFAULT_NAMESPACE, name);
    }

    /**
     * Parses {@code [<kind>:][<namespace>/]<name>} as Backstage does: a {@code /} before the first {@code :}
     * means there is no kind part.
     *
     * @throws IllegalArgumentException if the kind is missing and there is no default, or a part is empty
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        String rest = ref;
        String kind = defaultKind;
        int colon = rest.indexOf(':');
        int slash = rest.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            kind = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        String namespace = defaultNamespace;
        slash = rest.indexOf('/');
        if (slash >= 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        if (kind == null || kind.isEmpty() || namespace.isEmpty() || rest.isEmpty()) {
            throw new IllegalArgumentException("Entity reference '" + ref + "' was not on the form [<kind>:][<namespace>/]<name>");
        }
        return new EntityRef(kind, namespace, rest);
    }

    /** The canonical, lower-cased string form. */
    @Override
    public String toString() {
        return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
    }
}
