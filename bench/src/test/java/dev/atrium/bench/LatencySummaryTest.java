package dev.atrium.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tests the latency percentiles against arrays whose percentiles are known. */
class LatencySummaryTest {

    /** HdrHistogram with 3 significant digits is exact to within 0.1 %. */
    private static final double RELATIVE_TOLERANCE = 0.001;

    @Test
    void percentilesOfOneToAThousandMillisecondsAreTheNearestRanks() {
        long[] nanos = new long[1_000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (i + 1) * 1_000_000L;
        }
        LatencySummary s = LatencySummary.ofNanos(nanos);

        assertClose(500, s.p50());
        assertClose(900, s.p90());
        assertClose(990, s.p99());
        assertClose(1_000, s.max());
        assertClose(500.5, s.mean());
    }

    @Test
    void recordingOrderDoesNotMatter() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 10_000; i++) {
            values.add(i * 1_000L); // 1 µs .. 10 ms
        }
        Collections.shuffle(values, new Random(1));
        LatencySummary s = LatencySummary.ofNanos(values.stream().mapToLong(Long::longValue).toArray());

        assertClose(5.0, s.p50());
        assertClose(9.0, s.p90());
        assertClose(9.9, s.p99());
        assertClose(10.0, s.max());
    }

    @Test
    void aFewSlowOutliersShowInP99AndMaxOnly() {
        long[] nanos = new long[100];
        for (int i = 0; i < 98; i++) {
            nanos[i] = 2_000_000L; // 2 ms
        }
        nanos[98] = 40_000_000L; // 40 ms
        nanos[99] = 3_000_000_000L; // 3 s
        LatencySummary s = LatencySummary.ofNanos(nanos);

        assertClose(2, s.p50());
        assertClose(2, s.p90());
        assertClose(40, s.p99());
        assertClose(3_000, s.max());
    }

    @Test
    void emptyHistogramSummarisesToZeros() {
        assertEquals(new LatencySummary(0, 0, 0, 0, 0), LatencySummary.ofNanos());
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, expected * RELATIVE_TOLERANCE, "expected " + expected + " got " + actual);
    }
}
