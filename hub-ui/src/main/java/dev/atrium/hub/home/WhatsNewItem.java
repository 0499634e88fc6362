package dev.atrium.hub.home;

import java.time.Duration;
import java.time.Instant;

/** One line of What's New: a catalog change of a model or toolchain, or an announcement. */
public record WhatsNewItem(Instant at, String kind, String title, String detail, String href) {

    /** "3 hours ago" style age, relative to {@code now}. */
    public String age(Instant now) {
        if (at == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(at, now).getSeconds());
        if (s < 90) {
            return "just now";
        }
        if (s < 5400) {
            return (s / 60) + " minutes ago";
        }
        if (s < 36 * 3600) {
            return (s / 3600) + " hours ago";
        }
        return (s / 86400) + " days ago";
    }

    public String ageNow() {
        return age(Instant.now());
    }

    public String isoTime() {
        return at == null ? "" : at.toString();
    }
}
