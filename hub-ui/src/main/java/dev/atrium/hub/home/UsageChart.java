package dev.atrium.hub.home;

import dev.atrium.hub.chart.BarChart;
import dev.atrium.hub.chart.LineChart;

/** Token usage by team: a line per team and day when access-service gives days, else one bar per team. */
public record UsageChart(LineChart daily, BarChart totals) {
    public boolean isEmpty() {
        return totals.isEmpty();
    }

    public boolean hasDays() {
        return daily != null && !daily.isEmpty();
    }
}
