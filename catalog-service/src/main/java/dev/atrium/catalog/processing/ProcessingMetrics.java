package dev.atrium.catalog.processing;

import dev.atrium.catalog.refresh.RefreshStateRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Meters of the processing loop (names dotted, Prometheus shows them with underscores):
 * {@code atrium.catalog.processing.backlog} (rows due now, on every instance together),
 * {@code atrium.catalog.processing.lag} (seconds the oldest due row has waited),
 * {@code atrium.catalog.processing.pass} (timer, tag {@code outcome=written|failed}),
 * {@code atrium.catalog.processing.entities} (counter, tag {@code result=clean|errors}) and
 * {@code atrium.catalog.processing.failures} (passes that failed and were released for a retry).
 * Backlog and lag are read from the database at most every {@link #REFRESH_MILLIS} ms, however often they are scraped.
 */
@ApplicationScoped
public class ProcessingMetrics {
    static final long REFRESH_MILLIS = 5_000;

    @Inject
    MeterRegistry meters;

    @Inject
    RefreshStateRepository refreshState;

    private Timer written;
    private Timer failed;
    private Counter clean;
    private Counter withErrors;
    private Counter failures;
    private volatile long readAt;
    private volatile double backlog = Double.NaN;
    private volatile double lagSeconds = Double.NaN;

    @PostConstruct
    void init() {
        written = Timer.builder("atrium.catalog.processing.pass").tag("outcome", "written")
                .description("Processing passes: claim, process and write of up to batch-size rows").register(meters);
        failed = Timer.builder("atrium.catalog.processing.pass").tag("outcome", "failed")
                .description("Processing passes: claim, process and write of up to batch-size rows").register(meters);
        clean = Counter.builder("atrium.catalog.processing.entities").tag("result", "clean")
                .description("Entities processed").register(meters);
        withErrors = Counter.builder("atrium.catalog.processing.entities").tag("result", "errors")
                .description("Entities processed").register(meters);
        failures = Counter.builder("atrium.catalog.processing.failures")
                .description("Processing passes that failed; their rows are retried").register(meters);
        Gauge.builder("atrium.catalog.processing.backlog", this, m -> m.refreshed().backlog)
                .description("Rows due for processing now, across all instances").register(meters);
        Gauge.builder("atrium.catalog.processing.lag", this, m -> m.refreshed().lagSeconds)
                .description("Seconds the oldest due row has been waiting").baseUnit("seconds").register(meters);
    }

    /** Starts timing a pass. */
    Timer.Sample start() {
        return Timer.start(meters);
    }

    /** A pass wrote its outcomes. */
    void written(Timer.Sample sample, List<Outcome> outcomes) {
        sample.stop(written);
        long bad = outcomes.stream().filter(o -> !o.errors().isEmpty()).count();
        withErrors.increment(bad);
        clean.increment(outcomes.size() - bad);
    }

    /** A pass failed; its rows are released for a retry. */
    void failed(Timer.Sample sample) {
        sample.stop(failed);
        failures.increment();
    }

    private synchronized ProcessingMetrics refreshed() {
        long now = System.currentTimeMillis();
        if (now - readAt < REFRESH_MILLIS) {
            return this;
        }
        readAt = now;
        try {
            RefreshStateRepository.Backlog b = refreshState.backlog();
            backlog = b.due();
            lagSeconds = b.lagSeconds();
        } catch (RuntimeException e) {
            // the database is unavailable: the gauges say "unknown" rather than a stale number
            backlog = Double.NaN;
            lagSeconds = Double.NaN;
        }
        return this;
    }
}
