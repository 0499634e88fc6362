package dev.atrium.catalog.processing;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.model.KindRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    ProcessingMetrics metrics;

    private static final Duration RETRY_DELAY = Duration.ofSeconds(10);

    private final ExecutorService pool = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("atrium-processing-", 1).factory());
    private volatile boolean stopping;
    private volatile boolean paused;

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
        pool.shutdownNow();
    }

    @Scheduled(every = "${atrium.catalog.processing.poll-interval:1S}", delayed = "1S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ProcessingDisabled.class)
    void tick() {
        registry.reload();
        int workers = Math.max(1, config.processing().workers());
        if (workers == 1) {
            drain();
            return;
        }
        // Claims skip each other's locked rows, so the workers never process the same entity.
        List<Future<?>> running = new ArrayList<>(workers);
        for (int i = 1; i < workers; i++) {
            running.add(pool.submit(this::drain));
        }
        drain();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "processing worker failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drain() {
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
        Timer.Sample sample = metrics.start();
        try {
            List<Outcome> outcomes = claimed.stream().map(processor::process).toList();
            repository.write(outcomes);
            record(claimed, outcomes, sample);
        } catch (RuntimeException e) {
            metrics.failed(sample);
            LOG.errorf(e, "processing pass of %d entities failed; they are retried in %s", claimed.size(), RETRY_DELAY);
            repository.release(claimed, RETRY_DELAY);
        }
        return claimed.size();
    }

    private void record(List<Claimed> claimed, List<Outcome> outcomes, Timer.Sample sample) {
        metrics.written(sample, outcomes);
        long failed = outcomes.stream().filter(o -> !o.errors().isEmpty()).count();
        if (failed > 0) {
            LOG.infof("processed %d entities, %d with errors", claimed.size(), failed);
        } else {
            LOG.debugf("processed %d entities", claimed.size());
        }
    }
}
