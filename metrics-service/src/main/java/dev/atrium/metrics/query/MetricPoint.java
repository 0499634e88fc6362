package dev.atrium.metrics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One value of a metric: a period, a team ("all" for the organisation) and optionally a workflow, service or template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "MetricPoint", description = "One value of a metric for one period, team and dimension")
public record MetricPoint(
        @Schema(description = "Start of the week (Monday, UTC), cohort month or range", example = "2026-11-23") LocalDate period,
        @Schema(description = "Team, or 'all' for the organisation", example = "payments-team") String team,
        @Schema(description = "Workflow, service or template, when the metric is split by one", example = "new-service") String dimension,
        @Schema(description = "The metric's value in its unit (ratio, seconds, hours, days, count)", example = "0.72") Double value,
        @Schema(description = "How many things were measured (users, searches, changes, engineers, answers)") Long count,
        @Schema(description = "Numerator of a ratio") Double numerator,
        @Schema(description = "Denominator of a ratio") Double denominator,
        @Schema(description = "Median, for duration metrics") Double p50,
        @Schema(description = "90th percentile, for duration metrics") Double p90,
        @Schema(description = "True when the value misses the metric's target") Boolean belowTarget,
        @Schema(description = "True when a small cohort's statistics are withheld") Boolean suppressed) {

    public static MetricPoint of(LocalDate period, String team, String dimension, Double value, Long count,
            Double numerator, Double denominator, Double p50, Double p90, Boolean flag) {
        return new MetricPoint(period, team, dimension, value, count, numerator, denominator, p50, p90, flag, null);
    }
}
