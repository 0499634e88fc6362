package dev.atrium.bench;

import java.util.ArrayList;
import java.util.List;

/** The catalog performance targets of DESIGN §10 and how a scenario result compares with them. */
public final class Targets {

    /** Largest catalog size DESIGN states targets for. */
    public static final int LARGEST_SCALE = 500_000;
    /** Concurrency at which DESIGN states the by-name throughput target. */
    public static final int DESIGN_CONCURRENCY = 16;

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
                double limit = small ? 15 : 600;
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
            default -> {
                // no target for other scenarios
            }
        }
        if (r.errors() > 0) {
            out.add(new CheckResult(r.scenario(), "errors", r.errors(), "=", 0, "", false, "every request must succeed"));
        }
        return out;
    }

    private static CheckResult p99(ScenarioResult r, double limitMs, String basis) {
        double p99 = r.latencyMs().p99();
        boolean measured = r.requests() > 0;
        return new CheckResult(r.scenario(), "p99", p99, "<", limitMs, "ms", measured && p99 < limitMs,
                measured ? basis : basis + "; nothing measured");
    }
}
