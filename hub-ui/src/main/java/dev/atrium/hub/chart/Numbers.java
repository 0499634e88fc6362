package dev.atrium.hub.chart;

import java.util.Locale;

/** Short human forms of numbers for chart labels: 1.2k, 3.4M, 72 %. */
public final class Numbers {
    private Numbers() {
    }

    public static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000_000) {
            return trim(v / 1_000_000_000) + "B";
        }
        if (a >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (a >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    public static String percent(double ratio) {
        return Math.round(ratio * 100) + " %";
    }

    /** One decimal at most, none when it is .0. */
    public static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** A "nice" upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least {@code max}. */
    public static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= max) {
                return m * exp;
            }
        }
        return 10 * exp;
    }
}
