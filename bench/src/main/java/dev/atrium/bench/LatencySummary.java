package dev.atrium.bench;

import org.HdrHistogram.Histogram;

/** Latency percentiles of one measured scenario, in milliseconds. */
public record LatencySummary(double p50, double p90, double p99, double max, double mean) {

    /** Significant decimal digits kept by the histograms: values are exact to within 0.1 %. */
    public static final int SIGNIFICANT_DIGITS = 3;

    /** A histogram for latencies in nanoseconds that grows to fit any value. */
    public static Histogram newHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** Summarises a histogram of nanosecond latencies; an empty histogram gives all zeros. */
    public static LatencySummary of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        return new LatencySummary(ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(90)),
                ms(nanos.getValueAtPercentile(99)), ms(nanos.getMaxValue()), nanos.getMean() / 1e6);
    }

    /** Summarises an array of nanosecond latencies. */
    public static LatencySummary ofNanos(long... nanos) {
        Histogram h = newHistogram();
        for (long v : nanos) {
            h.recordValue(v);
        }
        return of(h);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
