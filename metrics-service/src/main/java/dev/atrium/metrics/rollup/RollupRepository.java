package dev.atrium.metrics.rollup;

import dev.atrium.metrics.config.MetricsConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code weekly_rollups} and clears {@code dirty_weeks} marks (plain JDBC, decision 0021): each weekly metric is
 * one aggregate query over the week's facts with {@code GROUPING SETS}, so the team rows and the
 * organisation row ({@code team = '*'}) come from one scan. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class RollupRepository {
    private static final Pattern PARAM = Pattern.compile("(?<!:):([a-z]+)");
    /** First key of the per-week advisory locks (second key: the week's epoch day). */
    private static final int ADVISORY_NAMESPACE = 0x4d455452;

    /** Column list every metric query yields. */
    private static final String COLUMNS = "team, dimension, count, numerator, denominator, p50, p90";

    /** Team and dimension labels for grouping sets: '*' marks a rolled-up column. */
    private static final String TEAM = "CASE WHEN grouping(team) = 1 THEN '*' ELSE team END";
    private static final String DIM = "CASE WHEN grouping(dimension) = 1 THEN '*' ELSE dimension END";

    /** Metric name → aggregate query for the week [:from, :to). */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("adoption", """
                SELECT %s, '*', count(*), count(*)::float8, NULL::float8, NULL::float8, NULL::float8
                FROM (SELECT coalesce(e.team, a.team, 'unassigned') AS team
                      FROM weekly_actors a LEFT JOIN engineers e ON e.username = lower(a.actor)
                      WHERE a.week = :week) x
                GROUP BY GROUPING SETS ((team), ())""".formatted(TEAM));
        QUERIES.put("self-service-rate", """
                SELECT %s, dimension, count(*), (count(*) FILTER (WHERE portal))::float8, count(*)::float8,
                       NULL::float8, NULL::float8
                FROM (SELECT coalesce(team, 'unassigned') AS team, attributes->>'workflow' AS dimension,
                             type <> 'ticket.opened' AS portal
                      FROM events
                      WHERE type IN ('task.finished', 'access.provisioned', 'ticket.opened')
                        AND occurred_at >= :from AND occurred_at < :to
                        AND NOT (type = 'task.finished' AND (attributes->>'status' <> 'completed'
                                 OR attributes->>'workflow' = 'access-request'))) x
                GROUP BY GROUPING SETS ((team, dimension), (dimension))""".formatted(TEAM));
        QUERIES.put("discovery-time", """
                SELECT %s, '*', count(*), (count(*) FILTER (WHERE clicked))::float8, count(*)::float8,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE clicked),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) FILTER (WHERE clicked)
                FROM (SELECT coalesce(e.team, s.team, 'unassigned') AS team,
                             extract(epoch FROM s.first_click_at - s.searched_at)::float8 AS secs,
                             coalesce(s.first_click_at >= s.searched_at
                                      AND s.first_click_at - s.searched_at <= :delay::interval, false) AS clicked
                      FROM search_sessions s LEFT JOIN engineers e ON e.username = lower(s.actor)
                      WHERE s.searched_at >= :from AND s.searched_at < :to) x
                GROUP BY GROUPING SETS ((team), ())""".formatted(TEAM));
        QUERIES.put("discovery-found", """
                SELECT %s, '*', count(*), (count(*) FILTER (WHERE found))::float8, count(*)::float8,
                       NULL::float8, NULL::float8
                FROM (SELECT coalesce(team, 'unassigned') AS team, (attributes->>'found')::boolean AS found
                      FROM events
                      WHERE type = 'survey.answered' AND occurred_at >= :from AND occurred_at < :to
                        AND attributes->>'survey' = 'discovery') x
                GROUP BY GROUPING SETS ((team), ())""".formatted(TEAM));
        QUERIES.put("deployment-frequency", """
                SELECT %s, %s, count(*), count(*)::float8, NULL::float8, NULL::float8, NULL::float8
                FROM (SELECT coalesce(team, 'unassigned') AS team, service AS dimension
                      FROM deployments
                      WHERE finished_at >= :from AND finished_at < :to AND status = 'success'
                        AND environment = ANY (:envs::text[])) x
                GROUP BY GROUPING SETS ((team, dimension), (team), (dimension), ())""".formatted(TEAM, DIM));
        QUERIES.put("change-failure-rate", """
                SELECT %s, %s, count(*), (count(*) FILTER (WHERE failed))::float8, count(*)::float8,
                       NULL::float8, NULL::float8
                FROM (SELECT coalesce(d.team, 'unassigned') AS team, d.service AS dimension,
                             d.status = 'failure' OR EXISTS (SELECT 1 FROM incidents i
                                                             WHERE i.deployment_id = d.deployment_id) AS failed
                      FROM deployments d
                      WHERE d.finished_at >= :from AND d.finished_at < :to
                        AND d.environment = ANY (:envs::text[])) x
                GROUP BY GROUPING SETS ((team, dimension), (team), (dimension), ())""".formatted(TEAM, DIM));
        QUERIES.put("lead-time", """
                SELECT %s, %s, count(*), NULL::float8, NULL::float8,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)
                FROM (SELECT d.team, d.dimension, extract(epoch FROM d.finished_at - m.merged_at)::float8 / 3600 AS hours
                      FROM (SELECT coalesce(d0.team, 'unassigned') AS team, d0.service AS dimension, d0.repository,
                                   d0.finished_at,
                                   (SELECT max(p.finished_at) FROM deployments p
                                    WHERE p.service = d0.service AND p.status = 'success'
                                      AND p.environment = ANY (:envs::text[]) AND p.finished_at < d0.finished_at) AS prev
                            FROM deployments d0
                            WHERE d0.finished_at >= :from AND d0.finished_at < :to AND d0.status = 'success'
                              AND d0.environment = ANY (:envs::text[]) AND d0.repository IS NOT NULL) d
                      JOIN merges m ON m.repository = d.repository AND m.merged_at <= d.finished_at
                                   AND m.merged_at > coalesce(d.prev, d.finished_at - :lookback::interval)) x
                GROUP BY GROUPING SETS ((team, dimension), (team), (dimension), ())""".formatted(TEAM, DIM));
        QUERIES.put("time-to-restore", """
                SELECT %s, %s, count(*) FILTER (WHERE resolved), (count(*) FILTER (WHERE resolved))::float8,
                       count(*)::float8,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FILTER (WHERE resolved),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) FILTER (WHERE resolved)
                FROM (SELECT coalesce(team, 'unassigned') AS team, coalesce(service, 'unknown') AS dimension,
                             resolved_at IS NOT NULL AND resolved_at >= opened_at AS resolved,
                             extract(epoch FROM resolved_at - opened_at)::float8 / 3600 AS hours
                      FROM incidents WHERE opened_at >= :from AND opened_at < :to) x
                GROUP BY GROUPING SETS ((team, dimension), (team), (dimension), ())""".formatted(TEAM, DIM));
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MetricsConfig config;

    /** Up to {@code limit} weeks with dirty marks, oldest first. */
    public List<LocalDate> dirtyWeeks(int limit) throws SQLException {
        List<LocalDate> weeks = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT week FROM dirty_weeks ORDER BY week LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    weeks.add(rs.getDate(1).toLocalDate());
                }
            }
        }
        return weeks;
    }

    /**
     * In the caller's transaction: takes the week's advisory lock (false when another pass has it) and
     * returns the ids of its marks visible now. Events behind those marks are committed, so the
     * recompute that follows sees them; marks committed later survive {@link #clearMarks}.
     */
    public long[] lockAndReadMarks(LocalDate week) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, ADVISORY_NAMESPACE);
                lock.setInt(2, (int) week.toEpochDay());
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM dirty_weeks WHERE week = ?")) {
                ps.setDate(1, Date.valueOf(week));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** Deletes exactly the marks a recompute covered. */
    public void clearMarks(long[] ids) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM dirty_weeks WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray()));
            ps.executeUpdate();
        }
    }

    public boolean anyDirty() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM dirty_weeks)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Replaces every metric's rows for the week starting on {@code week} (a Monday). */
    public void recompute(LocalDate week) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM weekly_rollups WHERE week = ?")) {
                del.setDate(1, Date.valueOf(week));
                del.executeUpdate();
            }
            for (Map.Entry<String, String> q : QUERIES.entrySet()) {
                insert(c, q.getKey(), week, q.getValue());
            }
        }
    }

    private void insert(Connection c, String metric, LocalDate week, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(query);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        String insert = "INSERT INTO weekly_rollups (metric, week, " + COLUMNS + ") SELECT ?, ?, " + COLUMNS
                + " FROM (" + sql + ") q(" + COLUMNS + ")";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, metric);
            ps.setDate(2, Date.valueOf(week));
            int i = 3;
            for (String name : names) {
                switch (name) {
                    case "week" -> ps.setDate(i, Date.valueOf(week));
                    case "from" -> ps.setTimestamp(i, Timestamp.from(week.atStartOfDay(ZoneOffset.UTC).toInstant()));
                    case "to" -> ps.setTimestamp(i, Timestamp.from(week.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
                    case "envs" -> ps.setArray(i, c.createArrayOf("text",
                            config.dora().productionEnvironments().stream().map(String::toLowerCase).toArray()));
                    case "delay" -> ps.setString(i, config.discovery().maxClickDelay().toSeconds() + " seconds");
                    case "lookback" -> ps.setString(i, config.dora().leadTimeLookback().toSeconds() + " seconds");
                    default -> throw new IllegalStateException("unknown parameter :" + name);
                }
                i++;
            }
            ps.executeUpdate();
        }
    }
}
