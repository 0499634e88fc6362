package dev.atrium.metrics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A metric over a range: what it is, its target and its points (and, for template feedback, comments). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "MetricSeries", description = "One metric over a date range")
public record MetricSeries(
        @Schema(example = "adoption") String metric,
        String description,
        @Schema(example = "ratio") String unit,
        @Schema(example = "week") String granularity,
        LocalDate from,
        LocalDate to,
        @Schema(description = "Target line, when the metric has one", example = "0.6") Double target,
        List<MetricPoint> points,
        @Schema(description = "Latest improvement comments (template-feedback only)") List<Comment> comments) {

    /** One improvement comment from a template survey. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FeedbackComment")
    public record Comment(
            @Schema(example = "template:default/nodejs-microservice") String template,
            String text,
            java.time.Instant answeredAt,
            String taskUrl,
            @Schema(description = "Who answered; platform admins only") String actor) {}
}
