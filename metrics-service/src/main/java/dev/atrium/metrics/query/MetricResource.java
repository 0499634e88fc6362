package dev.atrium.metrics.query;

import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.security.CurrentUser;
import dev.atrium.metrics.config.MetricsConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reading metrics: aggregates for any signed-in user, per-engineer figures for platform admins only. */
@Path("/")
@Tag(name = "Metrics")
@Authenticated
@SecurityRequirement(name = "jwt")
public class MetricResource {

    @Inject
    MetricQueryService metrics;

    @Inject
    SummaryService summaries;

    @Inject
    CurrentUser user;

    @Inject
    MetricsConfig config;

    Clock clock = Clock.systemUTC();

    /** One entry of the metric list. */
    @Schema(name = "MetricInfo")
    public record MetricInfo(@Schema(example = "adoption") String name, String unit, String description,
            @Schema(description = "What the rows are split by besides team", example = "workflow") String dimension) {}

    @GET
    @Path("metrics")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listMetrics", summary = "List the metrics this service computes")
    @APIResponse(responseCode = "200", description = "Every metric with unit and definition",
            content = @Content(schema = @Schema(implementation = MetricInfo[].class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public List<MetricInfo> list() {
        user.get();
        return Arrays.stream(Metric.values()).map(m -> new MetricInfo(m.wireName(), m.unit(), m.description(),
                m.dimension() == Metric.Dimension.NONE ? null : m.dimension().name().toLowerCase())).toList();
    }

    @GET
    @Path("metrics/{name}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RunOnVirtualThread
    @Operation(operationId = "getMetric", summary = "One metric over a date range, as JSON or CSV",
            description = "Weekly metrics: points per ISO week (Monday, UTC). time-to-first-contribution: per start "
                    + "cohort (month or week). template-feedback: per template over the range (or week). "
                    + "Without team the organisation ('all'); groupBy=team lists every team too.")
    @APIResponse(responseCode = "200", description = "The series",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MetricSeries.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "Invalid parameter", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such metric", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public MetricSeries get(
            @Parameter(description = "Metric name, see GET /metrics", example = "adoption") @PathParam("name") String name,
            @Parameter(description = "Team name, or 'all'") @QueryParam("team") String team,
            @Parameter(description = "First day (YYYY-MM-DD); default 84 days before to") @QueryParam("from") String from,
            @Parameter(description = "Last day (YYYY-MM-DD); default today") @QueryParam("to") String to,
            @Parameter(description = "week (weekly metrics); month or week (TTFC cohorts); total or week (template feedback)")
            @QueryParam("granularity") String granularity,
            @Parameter(description = "Only this workflow (self-service-rate)") @QueryParam("workflow") String workflow,
            @Parameter(description = "Only this service (DORA metrics)") @QueryParam("service") String service,
            @Parameter(description = "Only this template ref (template-feedback)") @QueryParam("template") String template,
            @Parameter(description = "team, or the metric's dimension (workflow, service, template)") @QueryParam("groupBy") String groupBy,
            @Parameter(description = "Improvement comments per template (template-feedback), 0-50, default 5") @QueryParam("comments") String comments) {
        Metric metric = Metric.byName(name).orElseThrow(() -> new NotFoundError("No metric named '"
                + (name.length() > 60 ? name.substring(0, 60) : name) + "'; see GET /api/metrics/v1/metrics"));
        boolean admin = user.get().platformAdmin();
        MetricQuery q = MetricQuery.parse(metric, from, to, granularity, team, workflow, service, template, groupBy, comments,
                admin, config, clock);
        return metrics.read(metric, q);
    }

    @GET
    @Path("metrics/time-to-first-contribution/engineers")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(operationId = "getEngineerTtfc", summary = "Time to first contribution per engineer (platform admins only)",
            description = "Per-person data: each engineer who started in the range, with start date, first merge and days.")
    @APIResponse(responseCode = "200", description = "One row per engineer",
            content = @Content(schema = @Schema(implementation = MetricQueryService.EngineerTtfc[].class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public List<MetricQueryService.EngineerTtfc> engineers(
            @Parameter(description = "Team name") @QueryParam("team") String team,
            @Parameter(description = "First start date (YYYY-MM-DD)") @QueryParam("from") String from,
            @Parameter(description = "Last start date (YYYY-MM-DD)") @QueryParam("to") String to) {
        if (!user.get().platformAdmin()) {
            throw new NotAllowedError("Per-engineer figures are for platform admins; teams see the aggregates");
        }
        MetricQuery q = MetricQuery.parse(Metric.TIME_TO_FIRST_CONTRIBUTION, from, to, null, team, null, null, null, null, null,
                true, config, clock);
        return metrics.engineerTtfc(q);
    }

    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(operationId = "getSummary", summary = "Last complete week of every metric, for the hub")
    @APIResponse(responseCode = "200", description = "The summary", content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "Invalid team", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Summary summary(@Parameter(description = "Team name; default the organisation") @QueryParam("team") String team) {
        boolean admin = user.get().platformAdmin();
        MetricQuery q = MetricQuery.parse(Metric.ADOPTION, null, null, null, team, null, null, null, null, null, admin, config, clock);
        return summaries.summary(q.team(), admin);
    }
}
