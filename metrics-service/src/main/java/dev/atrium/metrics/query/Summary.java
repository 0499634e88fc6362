package dev.atrium.metrics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The hub's metrics overview: the last complete week of every metric for the organisation or one team. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Summary", description = "Last complete week of every metric, for the hub's overview")
public record Summary(
        Instant generatedAt,
        @Schema(description = "Monday of the summarised week (UTC)") LocalDate week,
        @Schema(description = "Team, or 'all'") String team,
        MetricPoint adoption,
        @Schema(description = "Target adoption rate") double adoptionTarget,
        List<MetricPoint> selfService,
        @Schema(description = "TTFC of engineers who started in the last 180 days") MetricPoint timeToFirstContribution,
        @Schema(description = "Target TTFC in days") double ttfcTargetDays,
        MetricPoint discoveryTime,
        MetricPoint discoveryFound,
        MetricPoint deploymentFrequency,
        MetricPoint leadTime,
        MetricPoint changeFailureRate,
        MetricPoint timeToRestore,
        @Schema(description = "Templates with most answers in the last 28 days") List<MetricPoint> templates,
        @Schema(description = "Adoption of the last 12 weeks, oldest first") List<MetricPoint> adoptionTrend) {
}
