package dev.atrium.bench;

import java.util.ArrayList;
import java.util.List;

/** The catalog performance targets of DESIGN §10 and how a scenario result compares with them. */
public final class Targets {

    /** Largest catalog size DESIGN states targets for. */
    public static final int LARGEST_SCALE = 500_000;
    /** Concurrency at which DESIGN states the by-name throughput target. */
    public static final int DESIGN_CONCURRENCY = 16;
    /** DESIGN §10: ingest of 10,000 entities from a file location, in seconds. */
    public static final double INGEST_10K_SECONDS = 8;
    /** DESIGN §10: ingest at 500,000 entities, in seconds. */
    public static final double INGEST_500K_SECONDS = 600;
    /** DESIGN §10: a new entity is visible this soon after its location's refresh, in milliseconds. */
    public static final double NEW_ENTITY_VISIBLE_MS = 5_000;
    /** DESIGN §10, every service: JVM start, in seconds. */
    public static final double START_SECONDS = 1.5;
    /** DESIGN §10, every service: idle resident set, in MB. */
    public static final double IDLE_RSS_MB = 150;
    /** DESIGN §10, every service: peak resident set under load, in MB (the catalog at 10k entities). */
    public static final double PEAK_RSS_MB = 200;

    private Targets() {
    }

    /**
     * Every target that applies to {@code r}; a scenario with errors also gets a failing {@code errors} line.
     * DESIGN states targets at 10k (ingest), 50k and 500k entities: a catalog up to a stated size is held to that
     * size's target, a larger one to the next larger size's (so the 500k targets bound every smaller catalog).
     * Latency targets are compared with p99.
     */
    public static List<CheckResult> check(ScenarioResult r) {
        List<CheckResult> out = new ArrayList<>();
        int n = r.entities();
        String beyond = n > LARGEST_SCALE ? ", catalog larger than the largest DESIGN scale" : "";
        switch (r.scenario()) {
            case LoadDriver.INGEST -> {
                boolean small = n <= 10_000;
                double limit = small ? INGEST_10K_SECONDS : INGEST_500K_SECONDS;
                String basis = (small ? "10k target" : "500k target") + beyond;
                Double s = r.ingestSeconds();
                out.add(new CheckResult(r.scenario(), "time to all visible", s == null ? Double.NaN : s, "<", limit,
                        "s", s != null && s < limit, s == null ? basis + "; not all entities became visible" : basis));
            }
            case LoadDriver.BY_NAME -> {
                String basis = "any scale, at concurrency " + DESIGN_CONCURRENCY
                        + (r.concurrency() == DESIGN_CONCURRENCY ? "" : "; measured at " + r.concurrency()) + beyond;
                out.add(p99(r, 5, basis));
                out.add(new CheckResult(r.scenario(), "throughput", r.requestsPerSecond(), ">=", 5_000, "req/s",
                        r.requestsPerSecond() >= 5_000, basis));
            }
            case LoadDriver.BY_QUERY -> out.add(n <= 50_000 ? p99(r, 20, "50k target") : p99(r, 50, "500k target" + beyond));
            case LoadDriver.FACETS -> out.add(n <= 50_000 ? p99(r, 50, "50k target") : p99(r, 200, "500k target" + beyond));
            case LoadDriver.COUNT -> out.add(p99(r, 200, (n <= 50_000 ? "500k target as upper bound" : "500k target") + beyond));
            case LoadDriver.NEW_ENTITY -> out.add(p99(r, NEW_ENTITY_VISIBLE_MS,
                    (n <= 50_000 ? "500k target as upper bound" : "500k target") + "; refresh of its location to by-name" + beyond));
            default -> userQuery(r, n, beyond).ifPresent(out::add);
        }
        if (r.errors() > 0) {
            out.add(new CheckResult(r.scenario(), "errors", r.errors(), "=", 0, "", false, "every request must succeed"));
        }
        return out;
    }

    /**
     * Targets of the user-query scenarios, cold and warm alike ("for any such filter"): filtered facets as facets
     * (50k: 50 ms, 500k: 200 ms), filtered counts as {@code totalItems} (200 ms); filtered first pages as by-query
     * when warm, and as {@code totalItems} when cold, since a cold first page is its count. Full text has no target.
     */
    private static java.util.Optional<CheckResult> userQuery(ScenarioResult r, int n, String beyond) {
        String name = r.scenario();
        int colon = name.indexOf(':');
        if (colon < 0) {
            return java.util.Optional.empty();
        }
        String base = name.substring(0, colon);
        boolean cold = name.endsWith(UserQueries.COLD);
        return switch (base) {
            case UserQueries.FILTERED_FACETS -> java.util.Optional.of(n <= 50_000 ? p99(r, 50, "50k facets target")
                    : p99(r, 200, "500k facets target" + beyond));
            case UserQueries.FILTERED_COUNT -> java.util.Optional.of(p99(r, 200,
                    (n <= 50_000 ? "500k totalItems target as upper bound" : "500k totalItems target") + beyond));
            case UserQueries.FILTERED_QUERY -> java.util.Optional.of(cold
                    ? p99(r, 200, (n <= 50_000 ? "500k totalItems target as upper bound" : "500k totalItems target") + beyond)
                    : n <= 50_000 ? p99(r, 20, "50k by-query target") : p99(r, 50, "500k by-query target" + beyond));
            default -> java.util.Optional.empty();
        };
    }

    /** The DESIGN §10 targets every service has: start time, idle and peak resident set. */
    public static List<CheckResult> check(LoadDriver.ServiceReport s) {
        List<CheckResult> out = new ArrayList<>();
        if (s.startSeconds() != null) {
            out.add(new CheckResult("service", "start", s.startSeconds(), "<", START_SECONDS, "s",
                    s.startSeconds() < START_SECONDS, "every service; process start to ready, database migrated"));
        }
        if (s.idleRssMb() != null && s.firstStartSeconds() != null) {
            out.add(new CheckResult("service", "idle RSS", s.idleRssMb(), "<", IDLE_RSS_MB, "MB",
                    s.idleRssMb() < IDLE_RSS_MB, "every service"));
        }
        double peak = s.peakRssMb() == null ? Double.NaN : s.peakRssMb();
        out.add(new CheckResult("service", "peak RSS", peak, "<", PEAK_RSS_MB, "MB", peak < PEAK_RSS_MB,
                "every service under load; VmHWM of the service process"));
        return out;
    }

    private static CheckResult p99(ScenarioResult r, double limitMs, String basis) {
        double p99 = r.latencyMs().p99();
        boolean measured = r.requests() > 0;
        return new CheckResult(r.scenario(), "p99", p99, "<", limitMs, "ms", measured && p99 < limitMs,
                measured ? basis : basis + "; nothing measured");
    }
}
