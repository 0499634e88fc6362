package dev.atrium.commons.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Group paths from the IdP are compared whole: never by their last segment or a prefix. */
class PolicyGroupPathTest {

    private static AtriumUser memberOf(String pathRoot, String... claims) {
        Set<String> refs = new java.util.LinkedHashSet<>();
        for (String c : claims) {
            refs.add(Policy.groupRefFromClaim(c, pathRoot));
        }
        return new AtriumUser("sub", "jane", refs, false);
    }

    @Test
    void topLevelPathAndBareNameAreTheTeam() {
        assertEquals("group:default/payments-team", Policy.groupRefFromClaim("/payments-team"));
        assertEquals("group:default/payments-team", Policy.groupRefFromClaim("Payments-Team"));
        assertTrue(Policy.canEdit(memberOf(null, "/payments-team"), "payments-team", null));
        assertTrue(Policy.canEdit(memberOf(null, "payments-team"), "group:default/payments-team", null));
    }

    @Test
    void nestedPathIsNotTheTeamNamedByItsLastSegment() {
        assertEquals("/org/payments-team", Policy.groupRefFromClaim("/org/payments-team"));
        assertFalse(Policy.canEdit(memberOf(null, "/org/payments-team"), "payments-team", null));
        assertFalse(Policy.canEdit(memberOf(null, "/evil/payments-team"), "group:default/payments-team", null));
        assertFalse(Policy.canEdit(memberOf(null, "/payments-team/sub"), "payments-team", null));
    }

    @Test
    void configuredRootMatchesOnlyTheWholePathUnderIt() {
        assertTrue(Policy.canEdit(memberOf("/org", "/org/payments-team"), "payments-team", null));
        assertTrue(Policy.canEdit(memberOf("/org/", "/ORG/payments-team"), "payments-team", null));
        assertFalse(Policy.canEdit(memberOf("/org", "/other/payments-team"), "payments-team", null));
        assertFalse(Policy.canEdit(memberOf("/org", "/org/x/payments-team"), "payments-team", null));
        assertFalse(Policy.canEdit(memberOf("/org", "/organisation/payments-team"), "payments-team", null));
        assertFalse(Policy.canEdit(memberOf("/org", "/payments-team"), "payments-team", null), "a top-level group is not under the root");
        assertFalse(Policy.canEdit(memberOf("/org", "/org"), "org", null), "the root itself is no team");
    }

    @Test
    void noSuffixOrPrefixOfAnOwnerRefMatches() {
        AtriumUser user = memberOf(null, "/payments");
        assertFalse(Policy.canEdit(user, "payments-team", null));
        assertFalse(Policy.canEdit(memberOf(null, "/payments-team"), "team", null));
        assertFalse(Policy.canEdit(memberOf(null, "/payments-team"), "group:other/payments-team", null));
    }
}
