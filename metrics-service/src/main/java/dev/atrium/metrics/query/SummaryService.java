package dev.atrium.metrics.query;

import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.Weeks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** Builds {@link Summary} from the same reads as {@code GET /metrics/{name}}. */
@ApplicationScoped
public class SummaryService {
    private static final int TTFC_WINDOW_DAYS = 180;
    private static final int TEMPLATE_WINDOW_DAYS = 28;
    private static final int TREND_WEEKS = 12;
    private static final int TOP_TEMPLATES = 5;

    @Inject
    MetricQueryService metrics;

    @Inject
    MetricsConfig config;

    Clock clock = Clock.systemUTC();

    public Summary summary(String team, boolean admin) {
        LocalDate week = Weeks.lastComplete(clock.instant());
        MetricQuery oneWeek = new MetricQuery(week, week, "week", team, false, null, false, 0, admin);
        LocalDate today = week.plusDays(7);
        MetricQuery trend = new MetricQuery(week.minusWeeks(TREND_WEEKS - 1), week, "week", team, false, null, false, 0, admin);
        List<MetricPoint> adoption = metrics.read(Metric.ADOPTION, trend).points();
        MetricQuery ttfcRange = new MetricQuery(today.minusDays(TTFC_WINDOW_DAYS), today, "total", team, false, null, false, 0, admin);
        MetricPoint ttfc = ttfcTotal(metrics.engineerTtfc(ttfcRange), team, admin);
        MetricQuery templates = new MetricQuery(today.minusDays(TEMPLATE_WINDOW_DAYS), today.minusDays(1), "total", team, false,
                null, false, 0, admin);
        List<MetricPoint> top = metrics.read(Metric.TEMPLATE_FEEDBACK, templates).points().stream().limit(TOP_TEMPLATES).toList();
        return new Summary(clock.instant(), week, team == null || MetricQuery.ORG.equals(team) ? "all" : team,
                adoption.stream().filter(p -> p.period().equals(week)).findFirst().orElse(null), config.adoption().target(),
                metrics.read(Metric.SELF_SERVICE_RATE, oneWeek).points(),
                ttfc, config.ttfc().targetDays(),
                first(Metric.DISCOVERY_TIME, oneWeek), first(Metric.DISCOVERY_FOUND, oneWeek),
                first(Metric.DEPLOYMENT_FREQUENCY, oneWeek), first(Metric.LEAD_TIME, oneWeek),
                first(Metric.CHANGE_FAILURE_RATE, oneWeek), first(Metric.TIME_TO_RESTORE, oneWeek),
                top, adoption);
    }

    private MetricPoint first(Metric m, MetricQuery q) {
        return metrics.read(m, q).points().stream().findFirst().orElse(null);
    }

    private MetricPoint ttfcTotal(List<MetricQueryService.EngineerTtfc> engineers, String team, boolean admin) {
        List<Double> days = engineers.stream().map(MetricQueryService.EngineerTtfc::days).filter(d -> d != null).sorted().toList();
        boolean suppress = !admin && engineers.size() < config.ttfc().minCohort();
        Double p50 = suppress ? null : MetricQueryService.percentile(days, 0.5);
        return new MetricPoint(null, team == null || MetricQuery.ORG.equals(team) ? "all" : team, null, p50, (long) days.size(),
                (double) days.size(), (double) engineers.size(), p50, suppress ? null : MetricQueryService.percentile(days, 0.9),
                p50 == null ? null : p50 > config.ttfc().targetDays(), suppress ? Boolean.TRUE : null);
    }
}
