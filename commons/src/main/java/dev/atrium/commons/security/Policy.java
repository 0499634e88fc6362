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
     * Canonical group ref for a value of the token's groups claim. Keycloak may send full group
     * paths ({@code /engineering/payments-team}); the last segment is the catalog Group name.
     */
    public static String groupRefFromClaim(String claimValue) {
        String v = claimValue.trim();
        if (v.startsWith("/")) {
            v = v.substring(v.lastIndexOf('/') + 1);
        }
        if (v.contains(":")) {
            return canonicalOwnerRef(v);
        }
        return "group:default/" + v.toLowerCase(Locale.ROOT);
    }
}
