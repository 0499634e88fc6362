package dev.atrium.hub.metrics;

import dev.atrium.hub.web.Fetched;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The hub's one way into metrics-service's read API: typed results, the user's token, failures as problems. */
@ApplicationScoped
public class MetricsClient {
    public static final String SERVICE = "The metrics service";

    @Inject
    @RestClient
    MetricsApi api;

    /** {@code name} for {@code team} (null: the organisation) from {@code from} to today. */
    public Fetched<MetricSeries> series(String name, String team, LocalDate from, String granularity) {
        return Fetched.call(SERVICE, () -> MetricSeries.from(api.series(name, team, from == null ? null : from.toString(), null, granularity, null)));
    }

    /** The same series split by the metric's dimension (workflow for self-service, template for feedback). */
    public Fetched<MetricSeries> seriesByDimension(String name, String dimension, String team, LocalDate from, String granularity) {
        return Fetched.call(SERVICE, () -> MetricSeries.from(api.series(name, team, from == null ? null : from.toString(), null, granularity, dimension)));
    }

    public Fetched<String> csv(String name, String team, LocalDate from) {
        return Fetched.call(SERVICE, () -> api.csv(name, team, from == null ? null : from.toString(), null, null, null));
    }
}
