package dev.atrium.access.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void overrideWinsUntilItLapsesThenLifecycleThenProbes() {
        ModelStatus m = new ModelStatus();
        m.lifecycle = "deprecated";
        m.probedStatus = StatusRules.OPERATIONAL;
        m.overrideStatus = StatusRules.DEGRADED;
        m.overrideUntil = NOW.plusSeconds(60);
        assertEquals(new StatusRules.Status("degraded", "override"), StatusRules.of(m, NOW));
        assertEquals(new StatusRules.Status("deprecated", "lifecycle"), StatusRules.of(m, NOW.plusSeconds(61)));
        m.lifecycle = "production";
        assertEquals(new StatusRules.Status("operational", "probe"), StatusRules.of(m, NOW.plusSeconds(61)));
        m.probedStatus = null;
        assertEquals(new StatusRules.Status("unknown", "none"), StatusRules.of(m, NOW.plusSeconds(61)));
    }

    @Test
    void errorsNon2xxAndSlowAnswersAreFailures() {
        Duration limit = Duration.ofMillis(500);
        assertFalse(StatusRules.failed(200, Duration.ofMillis(20), limit));
        assertTrue(StatusRules.failed(503, Duration.ofMillis(20), limit));
        assertTrue(StatusRules.failed(null, Duration.ofMillis(20), limit));
        assertTrue(StatusRules.failed(204, Duration.ofMillis(501), limit));
        assertEquals("operational", StatusRules.afterProbe(1, 2));
        assertEquals("degraded", StatusRules.afterProbe(2, 2));
    }
}
