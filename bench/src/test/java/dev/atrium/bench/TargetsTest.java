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
    void aNewEntityMustBeVisibleWithin5sOfItsLocationsRefresh() {
        assertTrue(Targets.check(result(LoadDriver.NEW_ENTITY, 10_000, 4_900, 1, 0)).get(0).pass());
        assertFalse(Targets.check(result(LoadDriver.NEW_ENTITY, 500_000, 5_100, 1, 0)).get(0).pass());
        assertEquals(5_000, Targets.check(result(LoadDriver.NEW_ENTITY, 500_000, 1, 1, 0)).get(0).limit());
    }

    @Test
    void ingestIsHeldTo8sAt10kAnd10MinutesAt500k() {
        assertTrue(Targets.check(ingest(10_000, 7.9)).get(0).pass());
        assertFalse(Targets.check(ingest(10_000, 8.1)).get(0).pass());
        assertTrue(Targets.check(ingest(500_000, 599.0)).get(0).pass());
        assertFalse(Targets.check(ingest(500_000, 601.0)).get(0).pass());
        assertFalse(Targets.check(ingest(10_000, null)).get(0).pass());
    }

    @Test
    void userQueriesAreHeldToTheFacetsAndTotalsTargetsColdAndWarm() {
        assertEquals(50, Targets.check(result("filtered-facets:cold", 50_000, 1, 1, 0)).get(0).limit());
        assertEquals(200, Targets.check(result("filtered-facets:warm", 500_000, 1, 1, 0)).get(0).limit());
        assertEquals(200, Targets.check(result("filtered-count:cold", 10_000, 1, 1, 0)).get(0).limit());
        assertFalse(Targets.check(result("filtered-count:cold", 500_000, 250, 1, 0)).get(0).pass());
        assertEquals(200, Targets.check(result("filtered-query:cold", 500_000, 1, 1, 0)).get(0).limit());
        assertEquals(20, Targets.check(result("filtered-query:warm", 10_000, 1, 1, 0)).get(0).limit());
        assertTrue(Targets.check(result("full-text:warm", 10_000, 900, 1, 0)).isEmpty(), "no DESIGN target for full text");
    }

    @Test
    void serviceIsHeldToStartTimeAndResidentSetTargets() {
        List<CheckResult> ok = Targets.check(new LoadDriver.ServiceReport(1L, 2.0, 1.4, 149.0, 199.0, null));
        assertEquals(List.of("start", "idle RSS", "peak RSS"), ok.stream().map(CheckResult::metric).toList());
        assertTrue(ok.stream().allMatch(CheckResult::pass));
        List<CheckResult> bad = Targets.check(new LoadDriver.ServiceReport(1L, 2.0, 1.6, 151.0, 201.0, null));
        assertTrue(bad.stream().noneMatch(CheckResult::pass));
        List<CheckResult> attached = Targets.check(new LoadDriver.ServiceReport(1L, null, null, 120.0, null, null));
        assertEquals(List.of("peak RSS"), attached.stream().map(CheckResult::metric).toList());
        assertFalse(attached.get(0).pass(), "an unknown peak is no pass");
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
