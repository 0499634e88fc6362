package dev.atrium.access.status;

import java.time.Duration;
import java.time.Instant;

/**
 * How a model's status is decided, in order: an owner's override (until it lapses), lifecycle
 * {@code deprecated}, then the probes of {@code atrium.dev/health-url}: degraded after
 * {@code failuresBeforeDegraded} consecutive failed or slow probes, operational otherwise, unknown while
 * there is nothing to probe or no probe ran yet. Pure.
 */
public final class StatusRules {
    public static final String OPERATIONAL = "operational";
    public static final String DEGRADED = "degraded";
    public static final String DEPRECATED = "deprecated";
    public static final String UNKNOWN = "unknown";

    private StatusRules() {
    }

    /** The status and what decided it ({@code override}, {@code lifecycle}, {@code probe} or {@code none}). */
    public record Status(String status, String source) {
    }

    public static Status of(ModelStatus m, Instant now) {
        if (m.overrideStatus != null && (m.overrideUntil == null || m.overrideUntil.isAfter(now))) {
            return new Status(m.overrideStatus, "override");
        }
        if (DEPRECATED.equalsIgnoreCase(m.lifecycle)) {
            return new Status(DEPRECATED, "lifecycle");
        }
        if (m.probedStatus == null) {
            return new Status(UNKNOWN, "none");
        }
        return new Status(m.probedStatus, "probe");
    }

    /** Whether one probe counts as a failure: an error, a non-2xx answer, or slower than {@code degradedLatency}. */
    public static boolean failed(Integer httpStatus, Duration latency, Duration degradedLatency) {
        return httpStatus == null || httpStatus / 100 != 2 || latency.compareTo(degradedLatency) > 0;
    }

    /** The probed status after a probe, given consecutive failures so far (including this one). */
    public static String afterProbe(int consecutiveFailures, int failuresBeforeDegraded) {
        return consecutiveFailures >= failuresBeforeDegraded ? DEGRADED : OPERATIONAL;
    }
}
