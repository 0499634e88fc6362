package dev.atrium.metrics.prometheus;

import dev.atrium.metrics.chat.ChatOutboxRepository;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.Weeks;
import dev.atrium.metrics.query.Metric;
import dev.atrium.metrics.query.MetricPoint;
import dev.atrium.metrics.query.MetricQuery;
import dev.atrium.metrics.query.MetricQueryService;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges of the last complete week, recomputed on a schedule (never per scrape). Label
 * values are bounded: the {@code max-teams} largest teams by engineers, {@code all}, and {@code other}
 * (the rest summed, for counts and ratios; medians have no honest "other" and leave it out);
 * workflows and templates likewise.
 */
@ApplicationScoped
public class DevexGauges {
    private static final Logger LOG = Logger.getLogger(DevexGauges.class);
    static final String OTHER = "other";
    private static final int TTFC_WINDOW_DAYS = 180;

    @Inject
    MeterRegistry registry;

    @Inject
    MetricQueryService metrics;

    @Inject
    MetricsConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChatOutboxRepository outbox;

    Clock clock = Clock.systemUTC();

    private final Map<String, MultiGauge> gauges = new HashMap<>();
    private final AtomicLong pendingPosts = new AtomicLong();

    void start(@Observes StartupEvent ev) {
        Gauge.builder("atrium.devex.chat.outbox.pending", pendingPosts, AtomicLong::get)
                .description("Chat posts waiting for delivery").register(registry);
    }

    @Scheduled(every = "${atrium.metrics.prometheus.refresh-interval:60s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("refreshing the DevEx gauges failed: %s", e.getMessage());
        }
    }

    /** Recomputes every gauge from the stored rollups. */
    public synchronized void refresh() {
        LocalDate week = Weeks.lastComplete(clock.instant());
        List<String> teams = largestTeams(config.prometheus().maxTeams());
        MetricQuery byTeam = new MetricQuery(week, week, "week", null, true, null, false, 0, true);
        teamGauge("atrium.devex.adoption.rate", "Weekly active portal users / engineers, last complete week",
                metrics.read(Metric.ADOPTION, byTeam).points(), teams, true);
        teamGauge("atrium.devex.discovery.median.seconds", "Median seconds from search to first clicked result",
                metrics.read(Metric.DISCOVERY_TIME, byTeam).points(), teams, false);
        teamGauge("atrium.devex.discovery.found.ratio", "Share of discovery survey answers that found what they needed",
                metrics.read(Metric.DISCOVERY_FOUND, byTeam).points(), teams, true);
        teamGauge("atrium.devex.deployments.weekly", "Successful production deployments in the last complete week",
                metrics.read(Metric.DEPLOYMENT_FREQUENCY, byTeam).points(), teams, true);
        teamGauge("atrium.devex.lead.time.median.hours", "Median hours from merge to production",
                metrics.read(Metric.LEAD_TIME, byTeam).points(), teams, false);
        teamGauge("atrium.devex.change.failure.rate", "Failed or incident-causing production deployments / all",
                metrics.read(Metric.CHANGE_FAILURE_RATE, byTeam).points(), teams, true);
        teamGauge("atrium.devex.time.to.restore.median.hours", "Median hours from incident opened to resolved",
                metrics.read(Metric.TIME_TO_RESTORE, byTeam).points(), teams, false);

        MetricQuery workflows = new MetricQuery(week, week, "week", null, false, null, true, 0, true);
        List<MetricPoint> ss = metrics.read(Metric.SELF_SERVICE_RATE, workflows).points();
        List<String> topWorkflows = ss.stream().sorted((a, b) -> Double.compare(nz(b.denominator()), nz(a.denominator())))
                .map(MetricPoint::dimension).limit(config.prometheus().maxWorkflows()).toList();
        register("atrium.devex.self.service.rate", "Portal completions / (portal + tickets) per workflow, last complete week",
                bucket(ss, MetricPoint::dimension, topWorkflows, "workflow", true));

        LocalDate today = week.plusDays(7);
        MetricQuery cohorts = new MetricQuery(today.minusDays(TTFC_WINDOW_DAYS), today, "total", null, false, null, false, 0, true);
        List<MetricQueryService.EngineerTtfc> ttfc = metrics.engineerTtfc(cohorts);
        List<MultiGauge.Row<?>> ttfcRows = new ArrayList<>();
        Map<String, List<Double>> byTeamDays = new LinkedHashMap<>();
        for (var e : ttfc) {
            if (e.days() != null) {
                byTeamDays.computeIfAbsent("all", k -> new ArrayList<>()).add(e.days());
                if (e.team() != null && teams.contains(e.team())) {
                    byTeamDays.computeIfAbsent(e.team(), k -> new ArrayList<>()).add(e.days());
                }
            }
        }
        byTeamDays.forEach((team, days) -> ttfcRows.add(MultiGauge.Row.of(Tags.of("team", team), median(days))));
        register("atrium.devex.ttfc.median.days", "Median days to first merged change, engineers who started in the last 180 days", ttfcRows);

        MetricQuery templates = new MetricQuery(today.minusDays(28), today.minusDays(1), "total", null, false, null, false, 0, true);
        List<MetricPoint> tf = metrics.read(Metric.TEMPLATE_FEEDBACK, templates).points();
        List<String> topTemplates = tf.stream().map(MetricPoint::dimension).limit(config.prometheus().maxTeams()).toList();
        register("atrium.devex.template.expected.ratio", "Share of template survey answers 'did what I expected', last 28 days",
                bucket(tf, MetricPoint::dimension, topTemplates, "template", true));

        pendingPosts.set(outbox.pending());
    }

    private void teamGauge(String name, String description, List<MetricPoint> points, List<String> teams, boolean summable) {
        register(name, description, bucket(points, MetricPoint::team, teams, "team", summable));
    }

    /** Rows for the kept label values, 'all', and (when summable) 'other' from the rest's numerators and denominators. */
    static List<MultiGauge.Row<?>> bucket(List<MetricPoint> points, java.util.function.Function<MetricPoint, String> label,
            List<String> kept, String tag, boolean summable) {
        Set<String> keep = new LinkedHashSet<>(kept);
        keep.add("all");
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        double num = 0, den = 0;
        boolean anyOther = false;
        boolean counts = false;
        for (MetricPoint p : points) {
            String l = label.apply(p);
            if (l == null) {
                continue;
            }
            if (keep.contains(l)) {
                if (p.value() != null) {
                    rows.add(MultiGauge.Row.of(Tags.of(tag, l), p.value()));
                }
            } else if (summable) {
                anyOther = true;
                if (p.denominator() == null) {
                    counts = true;
                    num += nz(p.value());
                } else {
                    num += nz(p.numerator());
                    den += nz(p.denominator());
                }
            }
        }
        if (anyOther) {
            if (counts) {
                rows.add(MultiGauge.Row.of(Tags.of(tag, OTHER), num));
            } else if (den > 0) {
                rows.add(MultiGauge.Row.of(Tags.of(tag, OTHER), num / den));
            }
        }
        return rows;
    }

    private void register(String name, String description, List<MultiGauge.Row<?>> rows) {
        gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(description).register(registry)).register(rows, true);
    }

    private List<String> largestTeams(int max) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT team FROM engineers WHERE active AND team IS NOT NULL
                GROUP BY team ORDER BY count(*) DESC, team LIMIT ?""")) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }
}
