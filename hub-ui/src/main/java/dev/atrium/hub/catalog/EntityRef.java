package dev.atrium.hub.catalog;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** A catalog entity reference {@code kind:namespace/name}, lower-cased like the catalog's canonical refs. */
public record EntityRef(String kind, String namespace, String name) {
    private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    public EntityRef {
        kind = kind.toLowerCase(Locale.ROOT);
        namespace = namespace.toLowerCase(Locale.ROOT);
        name = name.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code [kind:][namespace/]name}; {@code defaultKind} is used when the ref has no kind.
     * Returns null when the text is not a valid ref.
     */
    public static EntityRef parse(String text, String defaultKind) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        String kind = defaultKind;
        int colon = t.indexOf(':');
        int slash = t.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            kind = t.substring(0, colon);
            t = t.substring(colon + 1);
        }
        String namespace = "default";
        slash = t.indexOf('/');
        if (slash >= 0) {
            namespace = t.substring(0, slash);
            t = t.substring(slash + 1);
        }
        if (kind == null || !valid(kind, namespace, t)) {
            return null;
        }
        return new EntityRef(kind, namespace, t);
    }

    public static boolean valid(String kind, String namespace, String name) {
        return kind != null && namespace != null && name != null && name.length() <= 63
                && KIND.matcher(kind).matches() && NAMESPACE.matcher(namespace.toLowerCase(Locale.ROOT)).matches()
                && NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return kind + ":" + namespace + "/" + name;
    }

    /** The hub page of this entity. */
    public String href() {
        return "/catalog/" + enc(kind) + "/" + enc(namespace) + "/" + enc(name);
    }

    /** {@code name}, or {@code namespace/name} outside the default namespace. */
    public String shortName() {
        return "default".equals(namespace) ? name : namespace + "/" + name;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
