package dev.atrium.hub.access;

import dev.atrium.hub.chart.BarChart;
import dev.atrium.hub.web.Fetched;
import java.util.List;

/** The Access overview: my requests, my keys with usage against budget, and how many approvals wait. */
public record AccessPage(Fetched<List<AccessViews.AccessRequest>> requests, Fetched<List<AccessViews.ApiKey>> keys,
        Fetched<BarChart> budget, Fetched<List<AccessViews.AccessRequest>> approvals) {

    public int approvalsWaiting() {
        return approvals.isOk() ? approvals.value().size() : 0;
    }
}
