package dev.atrium.access.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The verification verdict for a cached key state. */
class VerificationTest {
    private static final long NOW = Instant.parse("2026-12-15T12:00:00Z").toEpochMilli();
    private static final String MODEL = "aimodel:default/chat";

    private static KeyState state(long used, long expiresAt, boolean revoked) {
        return new KeyState(UUID.randomUUID(), "group:default/payments-team", Map.of(MODEL, "CC-1"), 1000, used,
                KeyState.monthOf(NOW), expiresAt, revoked);
    }

    @Test
    void validKeyAnswersTeamCostCenterAndRemainingTokens() {
        KeyViews.VerifyResponse v = Verification.decide(state(400, NOW + 1000, false), MODEL, NOW);
        assertTrue(v.valid());
        assertEquals("group:default/payments-team", v.team());
        assertEquals("CC-1", v.costCenter());
        assertEquals(600, v.remainingTokens());
        assertNull(v.reason());
    }

    @Test
    void unknownRevokedExpiredOutOfScopeAndExhaustedEachSayWhy() {
        assertEquals(Verification.UNKNOWN_KEY, Verification.decide(KeyState.UNKNOWN, MODEL, NOW).reason());
        assertEquals(Verification.REVOKED, Verification.decide(state(0, NOW + 1000, true), MODEL, NOW).reason());
        assertEquals(Verification.EXPIRED, Verification.decide(state(0, NOW, false), MODEL, NOW).reason());
        assertEquals(Verification.MODEL_NOT_IN_SCOPE, Verification.decide(state(0, NOW + 1000, false), "aimodel:default/other", NOW).reason());
        KeyViews.VerifyResponse exhausted = Verification.decide(state(1000, NOW + 1000, false), MODEL, NOW);
        assertFalse(exhausted.valid());
        assertEquals(Verification.BUDGET_EXHAUSTED, exhausted.reason());
        assertEquals(0, exhausted.remainingTokens());
        assertNull(Verification.decide(KeyState.UNKNOWN, MODEL, NOW).team(), "an unknown key reveals nothing");
    }

    @Test
    void usageOfLastMonthDoesNotCountInTheNewMonth() {
        KeyState december = state(1000, Instant.parse("2027-06-01T00:00:00Z").toEpochMilli(), false);
        long january = Instant.parse("2027-01-01T00:00:01Z").toEpochMilli();
        KeyViews.VerifyResponse v = Verification.decide(december, MODEL, january);
        assertTrue(v.valid());
        assertEquals(1000, v.remainingTokens());
    }
}
