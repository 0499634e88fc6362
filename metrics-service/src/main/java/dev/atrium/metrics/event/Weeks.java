package dev.atrium.metrics.event;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** UTC ISO weeks (Monday first), the same weeks as PostgreSQL's {@code date_trunc('week', …)} in UTC. */
public final class Weeks {
    private Weeks() {
    }

    public static LocalDate of(Instant t) {
        return of(t.atZone(ZoneOffset.UTC).toLocalDate());
    }

    public static LocalDate of(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Monday of the last week that has fully ended before {@code now}. */
    public static LocalDate lastComplete(Instant now) {
        return of(now).minusWeeks(1);
    }
}
