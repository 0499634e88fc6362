package dev.atrium.metrics.query;

import dev.atrium.metrics.chat.ChatPayloads;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads template survey answers: per-template shares, latest comments, and the daily digest. */
@ApplicationScoped
public class FeedbackQueries {

    @Inject
    AgroalDataSource dataSource;

    /** Answers per template (and week, when {@code weekly}) in [from, to). */
    public record TemplateCount(String template, String owner, LocalDate week, long answers, long expected) {}

    public List<TemplateCount> counts(Instant from, Instant to, String ownerRef, String template, boolean weekly) {
        String week = weekly ? "date_trunc('week', answered_at)::date" : "NULL::date";
        String sql = "SELECT template, max(template_owner), " + week + " AS wk, count(*), count(*) FILTER (WHERE expected)"
                + " FROM template_answers WHERE answered_at >= ? AND answered_at < ?"
                + (ownerRef != null ? " AND template_owner = ?" : "")
                + (template != null ? " AND template = ?" : "")
                + " GROUP BY template, wk ORDER BY wk NULLS FIRST, count(*) DESC, template LIMIT 5000";
        List<TemplateCount> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(from));
            ps.setTimestamp(i++, Timestamp.from(to));
            if (ownerRef != null) {
                ps.setString(i++, ownerRef);
            }
            if (template != null) {
                ps.setString(i, template);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Date wk = rs.getDate(3);
                    out.add(new TemplateCount(rs.getString(1), rs.getString(2), wk == null ? null : wk.toLocalDate(),
                            rs.getLong(4), rs.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The latest {@code perTemplate} non-empty improvement comments of each template in [from, to). */
    public List<MetricSeries.Comment> comments(Instant from, Instant to, String ownerRef, String template, int perTemplate,
            boolean withActor) {
        String sql = "SELECT template, improvement, answered_at, task_url, actor FROM ("
                + " SELECT template, improvement, answered_at, task_url, actor,"
                + "  row_number() OVER (PARTITION BY template ORDER BY answered_at DESC, event_id) AS rn"
                + " FROM template_answers WHERE improvement IS NOT NULL AND answered_at >= ? AND answered_at < ?"
                + (ownerRef != null ? " AND template_owner = ?" : "")
                + (template != null ? " AND template = ?" : "")
                + ") x WHERE rn <= ? ORDER BY template, answered_at DESC LIMIT 2000";
        List<MetricSeries.Comment> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(from));
            ps.setTimestamp(i++, Timestamp.from(to));
            if (ownerRef != null) {
                ps.setString(i++, ownerRef);
            }
            if (template != null) {
                ps.setString(i++, template);
            }
            ps.setInt(i, perTemplate);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricSeries.Comment(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4), withActor ? rs.getString(5) : null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** One line per template answered on {@code day} (UTC), busiest first. */
    public List<ChatPayloads.DigestLine> digest(LocalDate day, int commentsPerTemplate) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, List<String>> comments = new LinkedHashMap<>();
        comments(from, to, null, null, commentsPerTemplate, false)
                .forEach(c -> comments.computeIfAbsent(c.template(), t -> new ArrayList<>()).add(c.text()));
        return counts(from, to, null, null, false).stream()
                .map(t -> new ChatPayloads.DigestLine(t.template(), t.owner(), t.answers(), t.expected(),
                        comments.getOrDefault(t.template(), List.of())))
                .toList();
    }
}
