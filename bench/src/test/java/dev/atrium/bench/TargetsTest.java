package dev.atrium.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests that results are held to the DESIGN §10 target of the right scale. */
class TargetsTest {

    @Test
    void byNamePassesWhenFastAndFrequentEnough() {
        List<CheckResult> checks = Targets.check(result(LoadDriver.BY_NAME, 10_000, 4.9, 6_000, 0));
        assertEquals(2, checks.size());
        assertTrue(checks.stream().allMatch(CheckResult::pass));
    }

    @Test
    void byNameFailsOnSlowP99OrLowThroughput() {
        assertFalse(Targets.check(result(LoadDriver.BY_NAME, 10_000, 5.0, 6_000, 0)).get(0).pass());
        assertFalse(Targets.check(result(LoadDriver.BY_NAME, 10_000, 1.0, 4_999, 0)).get(1).pass());
    }

    @Test
    void byQueryIsHeldTo20MsUpTo50kAnd50MsAbove() {
        assertFalse(Targets.check(result(LoadDriver.BY_QUERY, 50_000, 25, 100, 0)).get(0).pass());
        assertTrue(Targets.check(result(LoadDriver.BY_QUERY, 500_000, 25, 100, 0)).get(0).pass());
        assertEquals(20, Targets.check(result(LoadDriver.BY_QUERY, 10_000, 1, 100, 0)).get(0).limit());
    }

    @Test
    void facetsAndCountUseTheirScaleLimits() {
        assertEquals(50, Targets.check(result(LoadDriver.FACETS, 50_000, 1, 1, 0)).get(0).limit());
        assertEquals(200, Targets.check(result(LoadDriver.FACETS, 500_000, 1, 1, 0)).get(0).limit());
        assertEquals(200, Targets.check(result(LoadDriver.COUNT, 10_000, 1, 1, 0)).get(0).limit());
    }

    @Test
    void ingestIsHeldTo15sAt10kAnd10MinutesAt500k() {
        assertTrue(Targets.check(ingest(10_000, 14.9)).get(0).pass());
        assertFalse(Targets.check(ingest(10_000, 15.1)).get(0).pass());
        assertTrue(Targets.check(ingest(500_000, 599.0)).get(0).pass());
        assertFalse(Targets.check(ingest(500_000, 601.0)).get(0).pass());
        assertFalse(Targets.check(ingest(10_000, null)).get(0).pass());
    }

    @Test
    void errorsAddAFailingLine() {
        List<CheckResult> checks = Targets.check(result(LoadDriver.FACETS, 10_000, 1, 100, 3));
        assertEquals(2, checks.size());
        assertFalse(checks.get(1).pass());
        assertTrue(checks.get(1).line().startsWith("FAIL  facets    errors 3 = 0"), checks.get(1).line());
    }

    @Test
    void linesSayPassOrFailWithValueAndLimit() {
        CheckResult c = Targets.check(result(LoadDriver.BY_NAME, 10_000, 3.25, 6_000, 0)).get(0);
        assertEquals("PASS  by-name   p99 3.25 ms < 5 ms  (any scale, at concurrency 16)", c.line());
    }

    private static ScenarioResult result(String scenario, int entities, double p99, double rate, long errors) {
        return new ScenarioResult(scenario, entities, 16, 1_000, errors, Map.of("200", 1_000L), 20, rate,
                new LatencySummary(p99 / 2, p99 / 1.5, p99, p99 * 2, p99 / 2), null, null);
    }

    private static ScenarioResult ingest(int entities, Double seconds) {
        return new ScenarioResult(LoadDriver.INGEST, entities, 1, 10, 0, Map.of("200", 10L),
                seconds == null ? 1_000 : seconds, 1, new LatencySummary(1, 1, 1, 1, 1), seconds, null);
    }
}
