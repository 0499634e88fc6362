package dev.atrium.metrics.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parses the time formats SCM payloads use: ISO-8601, and GitLab's {@code 2021-04-28 21:50:00 +0200} / {@code … UTC}. */
final class ScmTimes {
    private static final List<DateTimeFormatter> GITLAB = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"));

    private ScmTimes() {
    }

    /** The instant, or null when {@code s} is null or in no known format. */
    static Instant parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // try the next format
        }
        for (DateTimeFormatter f : GITLAB) {
            try {
                return ZonedDateTime.parse(s, f).toInstant();
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return null;
    }
}
