package dev.atrium.commons.security;

import java.util.Set;

/**
 * The signed-in caller as every service sees it: token subject, user name, the catalog refs of
 * the caller's teams (from the {@code groups} claim) and whether they are a platform admin.
 */
public record AtriumUser(String subject, String username, Set<String> groupRefs, boolean platformAdmin) {

    public AtriumUser {
        groupRefs = Set.copyOf(groupRefs);
    }

    /** The catalog ref of the user entity, e.g. {@code user:default/jane}. */
    public String userRef() {
        return "user:default/" + username.toLowerCase(java.util.Locale.ROOT);
    }
}
