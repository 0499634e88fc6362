package dev.atrium.metrics.query;

import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.Policy;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.IngestService;
import dev.atrium.metrics.event.Weeks;
import dev.atrium.metrics.rollup.RollupService;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers metric reads: weekly metrics from {@code weekly_rollups} (after catching up dirty weeks),
 * time to first contribution from engineers and their first merges, template feedback from the answers.
 */
@ApplicationScoped
public class MetricQueryService {
    /** Most points one weekly read returns (a year of 200 teams × 3 workflows is 31,200). */
    static final int MAX_POINTS = 50_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RollupService rollups;

    @Inject
    FeedbackQueries feedback;

    @Inject
    MetricsConfig config;

    public MetricSeries read(Metric metric, MetricQuery q) {
        return switch (metric) {
            case TIME_TO_FIRST_CONTRIBUTION -> ttfc(q);
            case TEMPLATE_FEEDBACK -> templateFeedback(q);
            default -> weekly(metric, q);
        };
    }

    // ---- weekly metrics ------------------------------------------------------------------------

    private MetricSeries weekly(Metric metric, MetricQuery q) {
        rollups.catchUpBeforeRead();
        StringBuilder sql = new StringBuilder("""
                SELECT week, team, dimension, count, numerator, denominator, p50, p90 FROM weekly_rollups
                WHERE metric = ? AND week >= ? AND week <= ?""");
        if (!q.byTeam()) {
            sql.append(" AND team = ?");
        }
        if (q.dimension() != null) {
            sql.append(" AND dimension = ?");
        } else if (q.byDimension() || metric.dimension() == Metric.Dimension.WORKFLOW) {
            sql.append(" AND dimension <> '*'");
        } else {
            sql.append(" AND dimension = '*'");
        }
        sql.append(" ORDER BY week, team = '*' DESC, team, dimension LIMIT " + (MAX_POINTS + 1));
        Engineers engineers = metric == Metric.ADOPTION ? engineers() : null;
        List<MetricPoint> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, metric.wireName());
            ps.setDate(i++, Date.valueOf(q.from()));
            ps.setDate(i++, Date.valueOf(q.to()));
            if (!q.byTeam()) {
                ps.setString(i++, q.team() == null ? MetricQuery.ORG : q.team());
            }
            if (q.dimension() != null) {
                ps.setString(i, q.dimension());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (points.size() == MAX_POINTS) {
                        throw new InputError("The answer would have more than " + MAX_POINTS
                                + " points; narrow from/to or choose a team or " + metric.dimension().name().toLowerCase());
                    }
                    points.add(point(metric, rs, engineers));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Double target = metric == Metric.ADOPTION ? config.adoption().target() : null;
        return new MetricSeries(metric.wireName(), metric.description(), metric.unit(), q.granularity(), q.from(), q.to(),
                target, points, null);
    }

    private MetricPoint point(Metric metric, ResultSet rs, Engineers engineers) throws SQLException {
        LocalDate week = rs.getDate(1).toLocalDate();
        String team = rs.getString(2);
        String dim = rs.getString(3);
        long count = rs.getLong(4);
        Double num = (Double) rs.getObject(5);
        Double den = (Double) rs.getObject(6);
        Double p50 = (Double) rs.getObject(7);
        Double p90 = (Double) rs.getObject(8);
        Double value;
        Boolean flag = null;
        switch (metric) {
            case ADOPTION -> {
                long d = engineers.startedBy(team, week.plusDays(6));
                den = (double) d;
                value = d == 0 ? null : round(count / (double) d);
                flag = value == null ? null : value < config.adoption().target();
            }
            case DISCOVERY_TIME, LEAD_TIME, TIME_TO_RESTORE -> value = p50 == null ? null : round(p50);
            case DEPLOYMENT_FREQUENCY -> value = (double) count;
            default -> value = den == null || den == 0 ? null : round(num / den);
        }
        return MetricPoint.of(week, label(team), "*".equals(dim) ? null : dim, value, count, num, den,
                p50 == null ? null : round(p50), p90 == null ? null : round(p90), flag);
    }

    /**
     * Start dates of the active engineers per team (and all of them under '*'), sorted, so a week's
     * denominator is one binary search. Engineers without a start date count from the beginning.
     */
    private record Engineers(Map<String, long[]> startsByTeam) {
        long startedBy(String team, LocalDate day) {
            long[] starts = startsByTeam.get(team);
            if (starts == null) {
                return 0;
            }
            int i = java.util.Arrays.binarySearch(starts, day.toEpochDay());
            if (i >= 0) {
                while (i + 1 < starts.length && starts[i + 1] == starts[i]) {
                    i++;
                }
                return i + 1;
            }
            return -i - 1;
        }
    }

    private Engineers engineers() {
        Map<String, List<Long>> byTeam = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT team, start_date FROM engineers WHERE active"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Date d = rs.getDate(2);
                long day = d == null ? Long.MIN_VALUE : d.toLocalDate().toEpochDay();
                byTeam.computeIfAbsent(MetricQuery.ORG, k -> new ArrayList<>()).add(day);
                if (rs.getString(1) != null) {
                    byTeam.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(day);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, long[]> sorted = new java.util.HashMap<>();
        byTeam.forEach((team, days) -> sorted.put(team, days.stream().mapToLong(Long::longValue).sorted().toArray()));
        return new Engineers(sorted);
    }

    // ---- time to first contribution -------------------------------------------------------------

    /** One engineer's time to first contribution. */
    public record EngineerTtfc(String username, String team, LocalDate startDate, Instant firstMergedAt, Double days) {}

    public List<EngineerTtfc> engineerTtfc(MetricQuery q) {
        String sql = """
                SELECT e.username, e.team, e.start_date,
                       (SELECT min(f.first_merged_at) FROM first_contributions f
                        WHERE f.author IN (e.username, lower(e.scm_login), lower(e.email))) AS first
                FROM engineers e
                WHERE e.active AND e.start_date IS NOT NULL AND e.start_date >= ? AND e.start_date <= ?"""
                + (q.team() != null && !MetricQuery.ORG.equals(q.team()) ? " AND e.team = ?" : "")
                + " ORDER BY e.start_date, e.username LIMIT 100000";
        List<EngineerTtfc> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDate(1, Date.valueOf(q.from()));
            ps.setDate(2, Date.valueOf(q.to()));
            if (q.team() != null && !MetricQuery.ORG.equals(q.team())) {
                ps.setString(3, q.team());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate start = rs.getDate(3).toLocalDate();
                    Timestamp first = rs.getTimestamp(4);
                    Double days = null;
                    if (first != null) {
                        long secs = Duration.between(start.atStartOfDay(ZoneOffset.UTC).toInstant(), first.toInstant()).toSeconds();
                        // A change merged before the start date (e.g. as a contractor) counts as day zero.
                        days = round(Math.max(0, secs) / 86400.0);
                    }
                    out.add(new EngineerTtfc(rs.getString(1), rs.getString(2), start, first == null ? null : first.toInstant(), days));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private MetricSeries ttfc(MetricQuery q) {
        List<EngineerTtfc> all = engineerTtfc(q);
        boolean monthly = "month".equals(q.granularity());
        Map<String, List<EngineerTtfc>> groups = new TreeMap<>();
        for (EngineerTtfc e : all) {
            LocalDate cohort = monthly ? e.startDate().withDayOfMonth(1) : Weeks.of(e.startDate());
            if (q.byTeam()) {
                groups.computeIfAbsent(cohort + "|" + MetricQuery.ORG, k -> new ArrayList<>()).add(e);
                groups.computeIfAbsent(cohort + "|" + (e.team() == null ? "unassigned" : e.team()), k -> new ArrayList<>()).add(e);
            } else {
                groups.computeIfAbsent(cohort + "|" + (q.team() == null ? MetricQuery.ORG : q.team()), k -> new ArrayList<>()).add(e);
            }
        }
        double target = config.ttfc().targetDays();
        List<MetricPoint> points = new ArrayList<>();
        groups.forEach((key, members) -> {
            String[] parts = key.split("\\|", 2);
            List<Double> days = members.stream().map(EngineerTtfc::days).filter(d -> d != null).sorted().toList();
            long size = members.size();
            boolean suppress = !q.admin() && size < config.ttfc().minCohort();
            Double p50 = suppress ? null : percentile(days, 0.5);
            Double p90 = suppress ? null : percentile(days, 0.9);
            points.add(new MetricPoint(LocalDate.parse(parts[0]), label(parts[1]), null, p50, (long) days.size(),
                    (double) days.size(), (double) size, p50, p90, p50 == null ? null : p50 > target, suppress ? Boolean.TRUE : null));
        });
        points.sort(Comparator.comparing(MetricPoint::period).thenComparing(p -> !"all".equals(p.team())).thenComparing(MetricPoint::team));
        return new MetricSeries(Metric.TIME_TO_FIRST_CONTRIBUTION.wireName(), Metric.TIME_TO_FIRST_CONTRIBUTION.description(),
                "days", q.granularity(), q.from(), q.to(), target, points, null);
    }

    // ---- template feedback ----------------------------------------------------------------------

    private MetricSeries templateFeedback(MetricQuery q) {
        Instant from = q.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = q.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String owner = q.team() == null || MetricQuery.ORG.equals(q.team()) ? null : Policy.canonicalOwnerRef(q.team());
        boolean weekly = "week".equals(q.granularity());
        List<MetricPoint> points = feedback.counts(from, to, owner, q.dimension(), weekly).stream()
                .map(t -> MetricPoint.of(weekly ? t.week() : q.from(), IngestService.shortTeam(t.owner()), t.template(),
                        t.answers() == 0 ? null : round(t.expected() / (double) t.answers()), t.answers(),
                        (double) t.expected(), (double) t.answers(), null, null, null))
                .toList();
        List<MetricSeries.Comment> comments = q.comments() == 0 ? List.of()
                : feedback.comments(from, to, owner, q.dimension(), q.comments(), q.admin());
        return new MetricSeries(Metric.TEMPLATE_FEEDBACK.wireName(), Metric.TEMPLATE_FEEDBACK.description(), "ratio",
                q.granularity(), q.from(), q.to(), null, points, comments);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String label(String team) {
        return MetricQuery.ORG.equals(team) ? "all" : team;
    }

    /** Linear-interpolation percentile of sorted values, as PostgreSQL's percentile_cont. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        double pos = p * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        double v = sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
        return round(v);
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
