package dev.atrium.hub.catalog;

import dev.atrium.hub.web.BadInput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A catalog search as the address bar carries it: free text, one value per single-choice facet (kind,
 * type, owner, lifecycle), any number of tags (all must match) and the catalog's page cursor. Every
 * part is bounded and checked, because it ends up in the catalog's filter syntax.
 */
public record SearchQuery(String text, String kind, String type, String owner, String lifecycle, List<String> tags, String cursor) {
    /** Facet values never contain the filter syntax's separators (',' and '='). */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:/._+#-]{0,99}");
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_=-]{1,4000}");
    public static final int MAX_TAGS = 10;

    public static SearchQuery parse(String text, String kind, String type, String owner, String lifecycle,
            List<String> tags, String cursor, int maxTextLength) {
        String t = text == null ? "" : text.strip();
        if (t.length() > maxTextLength) {
            throw new BadInput("The search text is longer than " + maxTextLength + " characters.");
        }
        Set<String> tagSet = new LinkedHashSet<>();
        if (tags != null) {
            for (String tag : tags) {
                String v = value(tag, "tag");
                if (v != null) {
                    tagSet.add(v);
                }
            }
        }
        if (tagSet.size() > MAX_TAGS) {
            throw new BadInput("Choose at most " + MAX_TAGS + " tags.");
        }
        String c = cursor == null || cursor.isBlank() ? null : cursor.trim();
        if (c != null && !CURSOR.matcher(c).matches()) {
            throw new BadInput("The page address is not valid; start the search again.");
        }
        return new SearchQuery(t, value(kind, "kind"), value(type, "type"), value(owner, "owner"),
                value(lifecycle, "lifecycle"), List.copyOf(tagSet), c);
    }

    private static String value(String v, String what) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.trim();
        if (!VALUE.matcher(s).matches()) {
            throw new BadInput("The " + what + " filter \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\" is not valid.");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The catalog filter for the chosen facets (one statement: every part must hold). */
    public List<String> filter() {
        List<String> parts = new ArrayList<>();
        if (kind != null) {
            parts.add("kind=" + kind);
        }
        if (type != null) {
            parts.add("spec.type=" + type);
        }
        if (owner != null) {
            // by the ownedBy relation, not spec.owner as written: "payments-team" and "group:default/payments-team" are one owner
            parts.add("relations.ownedBy=" + ownerRef(owner));
        }
        if (lifecycle != null) {
            parts.add("spec.lifecycle=" + lifecycle);
        }
        for (String tag : tags) {
            parts.add("metadata.tags." + tag + "=true");
        }
        return parts.isEmpty() ? List.of() : List.of(String.join(",", parts));
    }

    public boolean isEmpty() {
        return text.isEmpty() && kind == null && type == null && owner == null && lifecycle == null && tags.isEmpty();
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** Whether {@code facet} has {@code value} chosen. */
    public boolean chosen(String facet, String value) {
        String v = value == null ? null : value.toLowerCase(Locale.ROOT);
        return switch (facet) {
            case "kind" -> v != null && v.equals(kind);
            case "spec.type" -> v != null && v.equals(type);
            case "relations.ownedBy" -> v != null && owner != null && v.equals(ownerRef(owner));
            case "spec.lifecycle" -> v != null && v.equals(lifecycle);
            case "metadata.tags" -> tags.contains(v);
            default -> false;
        };
    }

    /**
     * An owner as a full lower-case entity ref, the way the catalog keeps the ownedBy relation: a bare name is a
     * Group in the default namespace. A value that is no entity ref is kept as it is (it matches no relation).
     */
    public static String ownerRef(String owner) {
        EntityRef ref = EntityRef.parse(owner, "group");
        return (ref == null ? owner : ref.toString()).toLowerCase(Locale.ROOT);
    }

    /** An owner ref as people read it: the name alone for a Group in the default namespace. */
    public static String ownerLabel(String ref) {
        return ref.startsWith("group:default/") ? ref.substring("group:default/".length()) : ref;
    }

    /** The address of this search at {@code cursor} (null for the first page). */
    public String href(String atCursor) {
        StringBuilder sb = new StringBuilder("/catalog?");
        add(sb, "q", text.isEmpty() ? null : text);
        add(sb, "kind", kind);
        add(sb, "type", type);
        add(sb, "owner", owner);
        add(sb, "lifecycle", lifecycle);
        tags.forEach(t -> add(sb, "tag", t));
        add(sb, "cursor", atCursor);
        String s = sb.toString();
        return s.endsWith("?") || s.endsWith("&") ? s.substring(0, s.length() - 1) : s;
    }

    private static void add(StringBuilder sb, String key, String value) {
        if (value != null) {
            if (sb.charAt(sb.length() - 1) != '?') {
                sb.append('&');
            }
            sb.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
