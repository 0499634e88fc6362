package dev.atrium.access.provisioning;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential retry delay with ±20 % jitter, so retries of many failed jobs do not arrive together. */
public final class Backoff {
    private Backoff() {
    }

    /** Delay before attempt {@code failures + 1}: initial × 2^(failures-1), capped at max, ±20 %. */
    public static Duration after(int failures, Duration initial, Duration max) {
        double base = initial.toMillis() * Math.pow(2, Math.max(0, Math.min(failures - 1, 30)));
        double capped = Math.min(base, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.round(capped * jitter)));
    }
}
