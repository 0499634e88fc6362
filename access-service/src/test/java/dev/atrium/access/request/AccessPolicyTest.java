package dev.atrium.access.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.security.AtriumUser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tier rules and who may fill which approval, without HTTP or a database. */
class AccessPolicyTest {
    private static final String ML = "group:default/ml-platform-team";
    private static final String DATA = "group:default/data-team";
    private final AccessPolicy policy = new AccessPolicy(1_000_000);

    private static AccessPolicy.Subject model(String tier, String owner, String requestAccess) {
        return new AccessPolicy.Subject("aimodel:default/m", owner, requestAccess,
                List.of(new AccessPolicy.Model("aimodel:default/m", tier, owner)));
    }

    private static AtriumUser user(String name, boolean admin, String... groups) {
        return new AtriumUser("sub-" + name, name, Set.of(groups), admin);
    }

    @Test
    void openIsApprovedAtOnceWhateverTheVolume() {
        AccessPolicy.Decision d = policy.decide(model("open", ML, "selfService"), 50_000_000_000L);
        assertTrue(d.autoApproved());
        assertEquals("open", d.tier());
    }

    @Test
    void standardIsApprovedAtOnceUpToTheLimitInclusive() {
        assertTrue(policy.decide(model("standard", ML, "selfService"), 1_000_000).autoApproved());
        AccessPolicy.Decision over = policy.decide(model("standard", ML, "selfService"), 1_000_001);
        assertFalse(over.autoApproved());
        assertEquals(List.of("owner:" + ML), over.requiredApprovals());
    }

    @Test
    void theLimitIsConfiguration() {
        assertFalse(new AccessPolicy(10).decide(model("standard", ML, "selfService"), 11).autoApproved());
        assertTrue(new AccessPolicy(10).decide(model("standard", ML, "selfService"), 10).autoApproved());
    }

    @Test
    void restrictedNeedsOwnerAndPlatformAdminEvenForTinyVolumes() {
        AccessPolicy.Decision d = policy.decide(model("restricted", DATA, "selfService"), 1);
        assertEquals(List.of("owner:" + DATA, "platform-admin"), d.requiredApprovals());
        assertEquals("restricted", d.tier());
    }

    @Test
    void unknownOrMissingTierCountsAsRestricted() {
        assertEquals("restricted", policy.decide(model("secret", ML, "selfService"), 1).tier());
        assertEquals("restricted", policy.decide(model(null, ML, "selfService"), 1).tier());
        assertEquals("standard", AccessPolicy.tierOf(" Standard "));
    }

    @Test
    void requestAccessNoneIsRefusedAndTicketAlwaysNeedsTheOwner() {
        assertNotNull(policy.decide(model("open", ML, "none"), 1).refusal());
        AccessPolicy.Decision ticket = policy.decide(model("open", ML, "ticket"), 1);
        assertNull(ticket.refusal());
        assertEquals(List.of("owner:" + ML), ticket.requiredApprovals());
    }

    @Test
    void toolchainNeedsWhatItsStrictestModelsNeedAndTakesTheirTier() {
        AccessPolicy.Subject toolchain = new AccessPolicy.Subject("toolchain:default/t", "group:default/platform-team", "selfService",
                List.of(new AccessPolicy.Model("aimodel:default/a", "open", ML),
                        new AccessPolicy.Model("aimodel:default/b", "standard", ML),
                        new AccessPolicy.Model("aimodel:default/c", "restricted", DATA)));
        AccessPolicy.Decision small = policy.decide(toolchain, 10);
        assertEquals("restricted", small.tier());
        assertEquals(List.of("owner:" + DATA, "platform-admin"), small.requiredApprovals());
        AccessPolicy.Decision big = policy.decide(toolchain, 5_000_000);
        assertEquals(List.of("owner:" + DATA, "owner:" + ML, "platform-admin"), big.requiredApprovals());
        assertNotNull(policy.decide(new AccessPolicy.Subject("toolchain:default/e", ML, "selfService", List.of()), 1).refusal());
    }

    @Test
    void nobodyDecidesTheirOwnRequestOrTwoRolesOfOne() {
        List<String> roles = List.of("owner:" + DATA, "platform-admin");
        AtriumUser daveAdmin = user("dave", true, DATA);
        assertNull(AccessPolicy.roleToFill(roles, daveAdmin, "dave", false, null), "own request");
        assertNull(AccessPolicy.roleToFill(roles, daveAdmin, "alice", true, null), "already decided one role");
        assertEquals("owner:" + DATA, AccessPolicy.roleToFill(roles, daveAdmin, "alice", false, null), "owner role first");
        assertEquals("platform-admin", AccessPolicy.roleToFill(roles, daveAdmin, "alice", false, "platform-admin"));
    }

    @Test
    void aPlatformAdminDoesNotStandInForTheOwnerGroup() {
        AtriumUser pat = user("pat", true, "group:default/platform-team");
        assertFalse(AccessPolicy.canFill("owner:" + DATA, pat));
        assertTrue(AccessPolicy.canFill("platform-admin", pat));
        assertEquals("platform-admin", AccessPolicy.roleToFill(List.of("owner:" + DATA, "platform-admin"), pat, "alice", false, null));
        assertNull(AccessPolicy.roleToFill(List.of("owner:" + DATA), pat, "alice", false, null));
    }

    @Test
    void ownerMembershipIsAWholeRefNotAPrefix() {
        AtriumUser member = user("erin", false, "group:default/data-team-2");
        assertFalse(AccessPolicy.canFill("owner:" + DATA, member));
        assertFalse(AccessPolicy.canFill("platform-admin", member));
        assertTrue(AccessPolicy.canFill("owner:group:default/data-team-2", member));
    }

    @Test
    void rolesOfAUserMatchWhatRequestsStore() {
        Set<String> roles = AccessPolicy.rolesOf(user("carol", false, ML));
        assertTrue(roles.contains("owner:" + ML));
        assertFalse(roles.contains("platform-admin"));
        assertTrue(AccessPolicy.rolesOf(user("pat", true)).contains("platform-admin"));
    }
}
