package dev.atrium.hub.metrics;

import dev.atrium.hub.catalog.CatalogClient;
import dev.atrium.hub.catalog.CatalogEntity;
import dev.atrium.hub.chart.BarChart;
import dev.atrium.hub.chart.LineChart;
import dev.atrium.hub.chart.Numbers;
import dev.atrium.hub.web.BadInput;
import dev.atrium.hub.web.ErrorPages;
import dev.atrium.hub.web.Fetched;
import dev.atrium.hub.web.PageContext;
import dev.atrium.hub.web.Pages;
import dev.atrium.hub.web.Parallel;
import dev.atrium.hub.web.Section;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Metrics page: the DevEx metrics as SVG charts with their target lines, a team filter and CSV downloads. */
@Path("/metrics")
@Tag(name = "Metrics")
public class MetricsResource {
    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final List<String> EXPORTABLE = List.of("adoption", "self-service-rate", "time-to-first-contribution",
            "discovery-time", "discovery-found", "template-feedback");
    static final int WEEKS_DAYS = 84;
    static final int COHORT_DAYS = 182;
    static final double ADOPTION_TARGET = 0.6;
    static final double TTFC_TARGET_DAYS = 3;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    @Inject
    MetricsClient metrics;

    @Inject
    CatalogClient catalog;

    @Inject
    Pages pages;

    @Inject
    Parallel parallel;

    @Inject
    ErrorPages errors;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(PageContext page, Dashboard view);

        static native TemplateInstance dashboard$panels(PageContext page, Dashboard view);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response dashboard(@QueryParam("team") String teamParam) {
        String team = team(teamParam);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate weeks = today.minusDays(WEEKS_DAYS);
        Future<Fetched<List<CatalogEntity>>> groups = parallel.submit(() -> catalog.find(List.of("kind=group"), 500));
        Future<Fetched<MetricSeries>> adoption = parallel.submit(() -> metrics.series("adoption", team, weeks, null));
        Future<Fetched<MetricSeries>> selfService = parallel.submit(() -> metrics.seriesByDimension("self-service-rate", "workflow", team, weeks, null));
        Future<Fetched<MetricSeries>> ttfc = parallel.submit(() -> metrics.series("time-to-first-contribution", team, today.minusDays(COHORT_DAYS), "month"));
        Future<Fetched<MetricSeries>> discovery = parallel.submit(() -> metrics.series("discovery-time", team, weeks, null));
        Future<Fetched<MetricSeries>> feedback = parallel.submit(() -> metrics.seriesByDimension("template-feedback", "template", team, weeks, "total"));

        List<Dashboard.Panel> panels = new ArrayList<>();
        panels.add(panel("adoption", "adoption", "Portal adoption",
                "Weekly active users of the hub ÷ engineers in the catalog.", parallel.join(adoption, MetricsClient.SERVICE),
                s -> single(s, "Adoption", MetricSeries.Point::value), ADOPTION_TARGET, "Target 60 %", 1.0, Numbers::percent, true));
        panels.add(panel("self-service", "self-service-rate", "Self-service rate",
                "Share of each workflow done in the portal rather than by ticket.", parallel.join(selfService, MetricsClient.SERVICE),
                MetricsResource::byDimension, null, null, 1.0, Numbers::percent, true));
        panels.add(panel("ttfc", "time-to-first-contribution", "Time to first contribution",
                "Days from an engineer's start date to their first merged change, per start month.", parallel.join(ttfc, MetricsClient.SERVICE),
                MetricsResource::ttfc, TTFC_TARGET_DAYS, "Target 3 days", null, d -> Numbers.trim(d) + " d", false));
        panels.add(panel("discovery", "discovery-time", "Tool discovery time",
                "Median time from a search in the hub to the first result opened.", parallel.join(discovery, MetricsClient.SERVICE),
                s -> single(s, "Median", p -> p.p50() != null ? p.p50() : p.value()), null, null, null, MetricsResource::duration, false));
        Fetched<MetricSeries> fb = parallel.join(feedback, MetricsClient.SERVICE);
        Fetched<List<CatalogEntity>> teamEntities = parallel.join(groups, CatalogClient.SERVICE);
        List<String> teams = teamEntities.orElse(List.of()).stream().map(e -> e.ref().name()).sorted().toList();
        Dashboard view = new Dashboard(team, teams, teamEntities.failed(), panels, fb.map(MetricsResource::feedbackChart),
                fb.isOk() ? fb.value().comments().stream().limit(6).toList() : List.of());
        PageContext page = pages.context("Metrics", Section.METRICS);
        TemplateInstance body = pages.htmx() ? Templates.dashboard$panels(page, view) : Templates.dashboard(page, view);
        return Response.status(view.allFailed() ? 503 : 200).entity(body).build();
    }

    @GET
    @Path("export.csv")
    @Produces("text/csv")
    @RunOnVirtualThread
    @Operation(operationId = "ExportMetricCsv", summary = "Download one metric as CSV",
            description = "The metric as metrics-service exports it (one row per point) for the last 12 weeks (26 for time to first "
                    + "contribution), for the organisation or one team. Needs the hub session cookie.")
    @APIResponse(responseCode = "200", description = "CSV file", content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Unknown metric or malformed team")
    @APIResponse(responseCode = "401", description = "No hub session")
    @APIResponse(responseCode = "503", description = "metrics-service is not answering")
    public Response export(@Parameter(description = "Metric name", required = true) @QueryParam("metric") String metric,
            @Parameter(description = "Team name; empty for the organisation") @QueryParam("team") String teamParam) {
        if (metric == null || !EXPORTABLE.contains(metric)) {
            throw new BadInput("Choose one of the metrics: " + String.join(", ", EXPORTABLE) + ".");
        }
        String team = team(teamParam);
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(metric.equals("time-to-first-contribution") ? COHORT_DAYS : WEEKS_DAYS);
        Fetched<String> csv = metrics.csv(metric, team, from);
        if (csv.failed()) {
            return errors.page(csv.problem().pageStatus(), "The download is not available", csv.problem().message());
        }
        String file = metric + "-" + (team == null ? "organisation" : team) + "-" + LocalDate.now(ZoneOffset.UTC) + ".csv";
        return Response.ok(csv.value(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    private Dashboard.Panel panel(String id, String metric, String title, String definition, Fetched<MetricSeries> series,
            Function<MetricSeries, Lines> lines, Double fixedTarget, String targetLabel, Double max, DoubleFunction<String> format,
            boolean higherIsBetter) {
        Fetched<LineChart> chart = series.map(s -> {
            Lines l = lines.apply(s);
            Double target = s.target() != null ? s.target() : fixedTarget;
            String label = s.target() != null && targetLabel == null ? "Target " + format.apply(s.target()) : targetLabel;
            return LineChart.of(title + (target == null ? "" : " with the " + label.toLowerCase(Locale.ROOT)), l.periods, l.inputs,
                    target, label, max, format);
        });
        String latest = null;
        String latestLabel = "latest";
        boolean below = false;
        if (series.isOk()) {
            Lines l = lines.apply(series.value());
            if (!l.inputs.isEmpty()) {
                List<Double> first = l.inputs.get(0).values();
                for (int i = first.size() - 1; i >= 0; i--) {
                    if (first.get(i) != null) {
                        latest = format.apply(first.get(i));
                        if (i < l.periods.size() && l.periods.get(i).endsWith(SO_FAR)) {
                            latestLabel = "this week so far";
                        }
                        Double target = series.value().target() != null ? series.value().target() : fixedTarget;
                        below = target != null && (higherIsBetter ? first.get(i) < target : first.get(i) > target);
                        break;
                    }
                }
            }
        }
        return new Dashboard.Panel(id, metric, title, definition, chart, latest, latestLabel, below);
    }

    /** Periods and one line per input series. */
    record Lines(List<String> periods, List<LineChart.Input> inputs) {
    }

    static Lines single(MetricSeries s, String name, Function<MetricSeries.Point, Double> value) {
        TreeSet<LocalDate> periods = periods(s);
        Map<LocalDate, Double> byPeriod = new LinkedHashMap<>();
        for (MetricSeries.Point p : s.points()) {
            if (p.period() != null && !Boolean.TRUE.equals(p.suppressed())) {
                byPeriod.put(p.period(), value.apply(p));
            }
        }
        List<Double> values = new ArrayList<>();
        periods.forEach(d -> values.add(byPeriod.get(d)));
        return new Lines(labels(periods, false), values.stream().allMatch(v -> v == null) ? List.of() : List.of(new LineChart.Input(name, values)));
    }

    static Lines byDimension(MetricSeries s) {
        TreeSet<LocalDate> periods = periods(s);
        Map<String, Map<LocalDate, Double>> byDim = new LinkedHashMap<>();
        for (MetricSeries.Point p : s.points()) {
            if (p.period() != null) {
                byDim.computeIfAbsent(p.dimension() == null ? "all" : p.dimension(), k -> new LinkedHashMap<>()).put(p.period(), p.value());
            }
        }
        List<LineChart.Input> inputs = new ArrayList<>();
        byDim.entrySet().stream().limit(6).forEach(e -> {
            List<Double> values = new ArrayList<>();
            periods.forEach(d -> values.add(e.getValue().get(d)));
            inputs.add(new LineChart.Input(e.getKey(), values));
        });
        return new Lines(labels(periods, false), inputs);
    }

    static Lines ttfc(MetricSeries s) {
        TreeSet<LocalDate> periods = periods(s);
        Map<LocalDate, MetricSeries.Point> byPeriod = new LinkedHashMap<>();
        s.points().forEach(p -> {
            if (p.period() != null) {
                byPeriod.put(p.period(), p);
            }
        });
        List<Double> median = new ArrayList<>();
        List<Double> p90 = new ArrayList<>();
        for (LocalDate d : periods) {
            MetricSeries.Point p = byPeriod.get(d);
            boolean hidden = p == null || Boolean.TRUE.equals(p.suppressed());
            median.add(hidden ? null : p.p50() != null ? p.p50() : p.value());
            p90.add(hidden ? null : p.p90());
        }
        List<LineChart.Input> inputs = new ArrayList<>();
        if (median.stream().anyMatch(v -> v != null)) {
            inputs.add(new LineChart.Input("Median", median));
        }
        if (p90.stream().anyMatch(v -> v != null)) {
            inputs.add(new LineChart.Input("90th percentile", p90));
        }
        return new Lines(labels(periods, "month".equals(s.granularity())), inputs);
    }

    static BarChart feedbackChart(MetricSeries s) {
        List<BarChart.Item> items = new ArrayList<>();
        for (MetricSeries.Point p : s.points()) {
            if (p.value() == null) {
                continue;
            }
            String name = p.dimension() == null ? "all templates" : p.dimension().replaceFirst("^template:default/", "");
            String answers = p.count() == null ? "" : " of " + p.count();
            items.add(new BarChart.Item(name, p.value() * 100, 100, Numbers.percent(p.value()) + answers));
        }
        items.sort((a, b) -> Double.compare(b.value(), a.value()));
        return BarChart.of("Share of survey answers saying the template did what was expected", items.size() > 10 ? items.subList(0, 10) : items);
    }

    private static TreeSet<LocalDate> periods(MetricSeries s) {
        TreeSet<LocalDate> out = new TreeSet<>();
        s.points().forEach(p -> {
            if (p.period() != null) {
                out.add(p.period());
            }
        });
        return out;
    }

    /** Marks the label of a week that has not ended yet, whose value is still growing. */
    static final String SO_FAR = " (so far)";

    private static List<String> labels(TreeSet<LocalDate> periods, boolean months) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> out = new ArrayList<>();
        periods.forEach(d -> out.add((months ? MONTH : DAY).format(d) + (!months && d.plusDays(7).isAfter(today) ? SO_FAR : "")));
        return out;
    }

    static String duration(double seconds) {
        if (seconds < 90) {
            return Math.round(seconds) + " s";
        }
        if (seconds < 5400) {
            return Numbers.trim(seconds / 60) + " min";
        }
        return Numbers.trim(seconds / 3600) + " h";
    }

    private static String team(String team) {
        if (team == null || team.isBlank() || team.equals("all")) {
            return null;
        }
        String t = team.trim().toLowerCase(Locale.ROOT);
        if (!TEAM.matcher(t).matches()) {
            throw new BadInput("That is not a valid team name.");
        }
        return t;
    }
}
