package dev.atrium.bench;

import java.util.Locale;

/** One measured value compared with one DESIGN §10 target. */
public record CheckResult(String scenario, String metric, double actual, String comparison, double limit,
                          String unit, boolean pass, String basis) {

    /** A printable line such as {@code PASS  by-name    p99 3.21 ms < 5 ms  (any scale, at concurrency 16)}. */
    public String line() {
        String suffix = unit.isEmpty() ? "" : " " + unit;
        return String.format(Locale.ROOT, "%s  %-8s  %s %s %s %s  (%s)", pass ? "PASS" : "FAIL", scenario, metric,
                number(actual) + suffix, comparison, number(limit) + suffix, basis);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
