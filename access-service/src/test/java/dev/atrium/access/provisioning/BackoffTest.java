package dev.atrium.access.provisioning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterAndStopsAtTheCap() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(5);
        for (int i = 0; i < 200; i++) {
            long first = Backoff.after(1, initial, max).toMillis();
            long fourth = Backoff.after(4, initial, max).toMillis();
            long huge = Backoff.after(1000, initial, max).toMillis();
            assertTrue(first >= 800 && first <= 1200, "first " + first);
            assertTrue(fourth >= 6400 && fourth <= 9600, "fourth " + fourth);
            assertTrue(huge >= 240_000 && huge <= 360_000, "capped " + huge);
        }
    }
}
