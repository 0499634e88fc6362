package dev.atrium.hub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** One metric over a range as metrics-service returns it: unit, target and points. */
public record MetricSeries(String metric, String unit, String granularity, Double target, List<Point> points, List<Comment> comments) {

    /** One value for a period, team and dimension (workflow, template…). */
    public record Point(LocalDate period, String team, String dimension, Double value, Long count, Double p50, Double p90,
            Boolean belowTarget, Boolean suppressed) {
    }

    public record Comment(String template, String text, String answeredAt, String taskUrl) {
        /** The day it was answered, YYYY-MM-DD. */
        public String day() {
            return answeredAt == null || answeredAt.length() < 10 ? "" : answeredAt.substring(0, 10);
        }
    }

    public static MetricSeries from(JsonNode n) {
        List<Point> points = new ArrayList<>();
        for (JsonNode p : n.path("points")) {
            LocalDate period = null;
            try {
                period = p.hasNonNull("period") ? LocalDate.parse(p.path("period").asText()) : null;
            } catch (RuntimeException e) {
                // unreadable period: the point is kept without one
            }
            points.add(new Point(period, text(p.path("team")), text(p.path("dimension")), num(p.path("value")),
                    p.hasNonNull("count") ? p.path("count").asLong() : null, num(p.path("p50")), num(p.path("p90")),
                    p.hasNonNull("belowTarget") ? p.path("belowTarget").asBoolean() : null,
                    p.hasNonNull("suppressed") ? p.path("suppressed").asBoolean() : null));
        }
        List<Comment> comments = new ArrayList<>();
        for (JsonNode c : n.path("comments")) {
            comments.add(new Comment(text(c.path("template")), text(c.path("text")), text(c.path("answeredAt")), text(c.path("taskUrl"))));
        }
        return new MetricSeries(text(n.path("metric")), text(n.path("unit")), text(n.path("granularity")), num(n.path("target")),
                points, comments);
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    static Double num(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : null;
    }
}
