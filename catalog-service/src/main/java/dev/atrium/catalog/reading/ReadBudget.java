package dev.atrium.catalog.reading;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.commons.error.ServiceUnavailableError;
import java.time.Duration;

/**
 * What one processing pass of a Location (or one dry run) may still read: bytes, targets and time,
 * shared by every target and placeholder it reads. Not thread-safe; one pass runs on one thread.
 */
public final class ReadBudget {
    private final long maxBytes;
    private final int maxTargets;
    private final long deadlineNanos;
    private final Duration total;
    private long bytes;
    private int targets;

    public ReadBudget(long maxBytes, int maxTargets, Duration total) {
        this.maxBytes = maxBytes;
        this.maxTargets = maxTargets;
        this.total = total;
        this.deadlineNanos = System.nanoTime() + total.toNanos();
    }

    /** A fresh budget with the configured limits of one pass. */
    public static ReadBudget forPass(CatalogConfig.Reading reading) {
        return new ReadBudget(reading.maxPassBytes(), reading.maxTargets(), reading.passTimeout());
    }

    /** Counts one more target read; refuses it when the pass has read its maximum. */
    public void countTarget() {
        if (++targets > maxTargets) {
            throw new PayloadTooLargeError("More than " + maxTargets + " targets read in one pass (atrium.catalog.reading.max-targets)");
        }
    }

    /** Counts bytes read; refuses them when the pass is over its byte budget. */
    public void countBytes(long n) {
        bytes += n;
        if (bytes > maxBytes) {
            throw new PayloadTooLargeError("More than " + maxBytes + " bytes read in one pass (atrium.catalog.reading.max-pass-bytes)");
        }
    }

    /** Bytes this pass may still read. */
    public long remainingBytes() {
        return Math.max(0, maxBytes - bytes);
    }

    /** Time left, at most {@code cap}; refuses to start a read when none is left. */
    public Duration remaining(Duration cap) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw expired();
        }
        return Duration.ofNanos(Math.min(left, cap.toNanos()));
    }

    public ServiceUnavailableError expired() {
        return new ServiceUnavailableError("Reading took longer than the pass budget of " + total.toSeconds()
                + " s (atrium.catalog.reading.pass-timeout)");
    }
}
