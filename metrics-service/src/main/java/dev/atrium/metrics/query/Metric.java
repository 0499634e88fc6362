package dev.atrium.metrics.query;

import java.util.Arrays;
import java.util.Optional;

/** The metrics served by {@code GET /metrics/{name}}; docs/metrics.md defines each precisely. */
public enum Metric {
    TIME_TO_FIRST_CONTRIBUTION("time-to-first-contribution", "days", Dimension.NONE,
            "Days from an engineer's start date to their first merged pull/merge request, per start cohort: median and p90"),
    SELF_SERVICE_RATE("self-service-rate", "ratio", Dimension.WORKFLOW,
            "Share of a workflow's completions done in the portal: portal ÷ (portal + tickets), weekly"),
    ADOPTION("adoption", "ratio", Dimension.NONE,
            "Weekly active portal users ÷ engineers in the catalog; flagged below the target"),
    DISCOVERY_TIME("discovery-time", "seconds", Dimension.NONE,
            "Median seconds from a search to the first clicked result; numerator/denominator: searches with a click ÷ searches"),
    DISCOVERY_FOUND("discovery-found", "ratio", Dimension.NONE,
            "Share of discovery survey answers saying they found what they needed"),
    DEPLOYMENT_FREQUENCY("deployment-frequency", "deployments per week", Dimension.SERVICE,
            "Successful production deployments per week"),
    LEAD_TIME("lead-time", "hours", Dimension.SERVICE,
            "Median hours from merge to the successful production deployment that shipped the change"),
    CHANGE_FAILURE_RATE("change-failure-rate", "ratio", Dimension.SERVICE,
            "Production deployments that failed or caused an incident ÷ production deployments"),
    TIME_TO_RESTORE("time-to-restore", "hours", Dimension.SERVICE,
            "Median hours from an incident being opened to it being resolved"),
    TEMPLATE_FEEDBACK("template-feedback", "ratio", Dimension.TEMPLATE,
            "Per template: share of survey answers saying it did what they expected, and the latest improvement comments");

    /** What a metric's rows are split by besides team. */
    public enum Dimension { NONE, WORKFLOW, SERVICE, TEMPLATE }

    private final String wireName;
    private final String unit;
    private final Dimension dimension;
    private final String description;

    Metric(String wireName, String unit, Dimension dimension, String description) {
        this.wireName = wireName;
        this.unit = unit;
        this.dimension = dimension;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String unit() {
        return unit;
    }

    public Dimension dimension() {
        return dimension;
    }

    public String description() {
        return description;
    }

    /** True for the metrics kept in the weekly rollups. */
    public boolean weekly() {
        return this != TIME_TO_FIRST_CONTRIBUTION && this != TEMPLATE_FEEDBACK;
    }

    public static Optional<Metric> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
