package dev.atrium.catalog.processing;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.model.KindRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The ingestion loop: claims due rows (safe with many replicas), processes them and writes the
 * outcomes, pass after pass until nothing is due, then waits for the next poll.
 */
@ApplicationScoped
public class ProcessingLoop {
    private static final Logger LOG = Logger.getLogger(ProcessingLoop.class);

    @Inject
    CatalogConfig config;

    @Inject
    ProcessingRepository repository;

    @Inject
    EntityProcessor processor;

    @Inject
    KindRegistry registry;

    @Inject
    MeterRegistry meters;

    private volatile boolean stopping;
    private volatile boolean paused;
    private Counter processed;
    private Timer passTimer;

    @PostConstruct
    void init() {
        processed = meters.counter("atrium_catalog_processed_entities_total");
        passTimer = meters.timer("atrium_catalog_processing_pass");
    }

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
    }

    @Scheduled(every = "${atrium.catalog.processing.poll-interval:1S}", delayed = "1S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ProcessingDisabled.class)
    void tick() {
        registry.reload();
        int n;
        do {
            n = runOnce();
        } while (n > 0 && !stopping);
    }

    /** Holds (or releases) the scheduled passes of this instance; explicit {@link #runOnce()} calls still work. */
    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    boolean paused() {
        return paused;
    }

    /** One pass: claim, process, write. Returns how many rows it handled. */
    public int runOnce() {
        List<Claimed> claimed = repository.claim(config.processing().batchSize(), config.processing().lease());
        if (claimed.isEmpty()) {
            return 0;
        }
        Timer.Sample sample = Timer.start(meters);
        List<Outcome> outcomes = claimed.stream().map(processor::process).toList();
        repository.write(outcomes);
        sample.stop(passTimer);
        processed.increment(claimed.size());
        long failed = outcomes.stream().filter(o -> !o.errors().isEmpty()).count();
        if (failed > 0) {
            LOG.infof("processed %d entities, %d with errors", claimed.size(), failed);
        } else {
            LOG.debugf("processed %d entities", claimed.size());
        }
        return claimed.size();
    }
}
