package dev.atrium.hub.metrics;

import dev.atrium.hub.chart.BarChart;
import dev.atrium.hub.chart.LineChart;
import dev.atrium.hub.web.Fetched;
import java.util.List;

/** The Metrics page: one chart per DevEx metric, template feedback, and the team filter. */
public record Dashboard(String team, List<String> teams, boolean teamsFailed, List<Panel> panels, Fetched<BarChart> feedback,
        List<MetricSeries.Comment> comments) {

    /** One metric's chart with its headline figure and CSV link; {@code chart} fails on its own. */
    public record Panel(String id, String metric, String title, String definition, Fetched<LineChart> chart, String latest,
            String latestLabel, boolean belowTarget) {
        public String chartId() {
            return id + "-chart";
        }

        public String unavailableId() {
            return id + "-unavailable";
        }

        public boolean empty() {
            return chart.isOk() && chart.value().isEmpty();
        }
    }

    public String csvHref(String metric) {
        return "/metrics/export.csv?metric=" + metric + (team == null ? "" : "&team=" + team);
    }

    public boolean allFailed() {
        return panels.stream().allMatch(p -> p.chart().failed()) && feedback.failed();
    }

    public boolean isTeam(String t) {
        return t.equals(team);
    }
}
