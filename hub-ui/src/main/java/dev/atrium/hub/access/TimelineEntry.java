package dev.atrium.hub.access;

import java.time.Instant;

/** A point of a request's state timeline. */
public record TimelineEntry(String label, String actor, String reason, Instant at, boolean failed) {
    public String time() {
        return at == null ? "" : at.toString().replace('T', ' ').substring(0, Math.min(16, at.toString().length()));
    }

    public String iso() {
        return at == null ? "" : at.toString();
    }
}
