package dev.atrium.commons.security;

import java.util.Locale;

/**
 * The one ownership rule of DESIGN §3, shared by every service: a user may change a thing when a
 * platform admin, when one of their groups (or they themselves) owns it, or when one of their
 * groups owns the domain it belongs to (two-tier ownership).
 */
public final class Policy {

    private Policy() {
    }

    /**
     * @param user the caller
     * @param ownerRef the thing's owner ({@code spec.owner}), any ref form; null when unowned
     * @param domainOwnerRef the owner of the thing's domain, or null
     */
    public static boolean canEdit(AtriumUser user, String ownerRef, String domainOwnerRef) {
        if (user == null) {
            return false;
        }
        if (user.platformAdmin()) {
            return true;
        }
        return owns(user, ownerRef) || owns(user, domainOwnerRef);
    }

    private static boolean owns(AtriumUser user, String ownerRef) {
        if (ownerRef == null || ownerRef.isBlank()) {
            return false;
        }
        String ref = canonicalOwnerRef(ownerRef);
        return user.groupRefs().contains(ref) || ref.equals(user.userRef());
    }

    /**
     * Canonical lower-case ref of an owner: {@code team-a} and {@code group:team-a} become
     * {@code group:default/team-a}; an explicit kind such as {@code user:jane} is kept.
     */
    public static String canonicalOwnerRef(String ownerRef) {
        String ref = ownerRef.trim().toLowerCase(Locale.ROOT);
        String kind = "group";
        int colon = ref.indexOf(':');
        int slash = ref.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            kind = ref.substring(0, colon);
            ref = ref.substring(colon + 1);
        }
        if (ref.indexOf('/') < 0) {
            ref = "default/" + ref;
        }
        return kind + ":" + ref;
    }

    /**
     * Canonical group ref for a value of the token's groups claim, comparing group paths whole: a
     * bare name ({@code payments-team}) or a top-level path ({@code /payments-team}) is the catalog
     * Group of that name; a nested path ({@code /org/payments-team}) is never the Group named by its
     * last segment (that would let any {@code /x/payments-team} act as the team). A nested path is
     * returned as the lower-cased path itself, which no catalog ref equals.
     */
    public static String groupRefFromClaim(String claimValue) {
        return groupRefFromClaim(claimValue, null);
    }

    /**
     * Like {@link #groupRefFromClaim(String)}, with the IdP group under which the catalog's teams
     * live: with {@code pathRoot} {@code /org}, exactly {@code /org/payments-team} is the Group
     * {@code payments-team}, while {@code /other/payments-team} and {@code /org/x/payments-team} are not.
     *
     * @param pathRoot a group path such as {@code /org}, or null/blank when teams are top-level groups
     */
    public static String groupRefFromClaim(String claimValue, String pathRoot) {
        String v = claimValue.trim();
        if (v.startsWith("/")) {
            String name = v.substring(1);
            String root = pathRoot == null || pathRoot.isBlank() ? "" : "/" + trimSlashes(pathRoot.trim());
            if (!root.isEmpty() && v.length() > root.length() + 1 && v.regionMatches(true, 0, root + "/", 0, root.length() + 1)) {
                name = v.substring(root.length() + 1);
            } else if (!root.isEmpty()) {
                return v.toLowerCase(Locale.ROOT);
            }
            if (name.isEmpty() || name.contains("/")) {
                return v.toLowerCase(Locale.ROOT);
            }
            return "group:default/" + name.toLowerCase(Locale.ROOT);
        }
        if (v.contains(":")) {
            return canonicalOwnerRef(v);
        }
        return "group:default/" + v.toLowerCase(Locale.ROOT);
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
