package dev.atrium.catalog.processing;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.catalog.refresh.RowsDue;
import dev.atrium.commons.error.ServiceUnavailableError;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    /** A run of passes is under way on this instance (scheduled or woken). */
    private final AtomicBoolean running = new AtomicBoolean();
    /** Rows were made due since the current run last looked (see {@link #wake()}). */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();

    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
        pool.shutdownNow();
    }

    @Scheduled(every = "${atrium.catalog.processing.poll-interval:1S}", delayed = "1S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ProcessingDisabled.class)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // a woken run is under way; a wake-up it has not seen yet makes it go round again
        }
        try {
            do {
                wakeRequested.set(false);
                passes();
            } while (wakeRequested.get() && !stopping && !paused);
        } catch (RuntimeException e) {
            if (stopping) {
                // the database goes away under a pass that was running at shutdown; its rows are retried after the lease
                LOG.debugf("processing pass ended by shutdown: %s", e.getMessage());
            } else if (unavailable(e) != null) {
                // no connection now (pool at its limit, database restarting): the next poll tries again, and rows
                // claimed by the pass come back after their lease
                LOG.warnf("processing pass did not finish, the next poll tries again: %s", unavailable(e).getMessage());
            } else {
                throw e;
            }
        } finally {
            running.set(false);
        }
        if (wakeRequested.get()) {
            wake();
        }
    }

    private static ServiceUnavailableError unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServiceUnavailableError u) {
                return u;
            }
        }
        return null;
    }

    void onRowsDue(@Observes RowsDue event) {
        wake();
    }

    /**
     * Runs passes now instead of at the next poll: a registration or refresh made rows due, and a new entity is
     * then visible in the time of its passes (tens of milliseconds) rather than up to a poll interval later.
     */
    void wake() {
        if (stopping || paused || !config.processing().enabled()) {
            return;
        }
        wakeRequested.set(true);
        if (!running.get()) {
            try {
                pool.submit(() -> {
                    try {
                        tick();
                    } catch (RuntimeException e) {
                        LOG.warnf("processing woken by a registration or refresh failed (%s); the next poll retries", e.getMessage());
                    }
                });
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void passes() {
        registry.reload();
        int workers = Math.max(1, config.processing().workers());
        if (workers == 1) {
            drain();
            return;
        }
        // Claims skip each other's locked rows, so the workers never process the same entity.
        List<Future<?>> others = new ArrayList<>(workers);
        for (int i = 1; i < workers; i++) {
            others.add(pool.submit(this::drain));
        }
        drain();
        for (Future<?> f : others) {
            await(f, "processing worker failed");
        }
    }

    /**
     * Passes until nothing is due, each pass's write overlapping the next pass's claim and processing: the
     * service and PostgreSQL work at the same time instead of in turn (a 10k ingest spent about as long in one as
     * in the other). The claim of the next pass skips the rows still being written (they are leased), and a pass
     * that finds nothing due waits for the write in flight and looks again, since that write may have made
     * children due (docs/decisions/0026).
     */
    private void drain() {
        Future<?> writing = null;
        try {
            while (!stopping) {
                Pass pass = claimAndProcess();
                boolean wrote = writing != null;
                if (wrote) {
                    await(writing, "storing a processing pass failed");
                    writing = null;
                }
                if (pass == null) {
                    if (wrote) {
                        continue;
                    }
                    break;
                }
                writing = pool.submit(() -> store(pass));
            }
        } finally {
            if (writing != null) {
                await(writing, "storing a processing pass failed");
            }
        }
        analyzeAfterBulkWrites();
    }

    /** Waits for {@code task}; its failure is logged as {@code failure}, an interrupt is kept on the thread. */
    private static void await(Future<?> task, String failure) {
        try {
            task.get();
        } catch (ExecutionException e) {
            LOG.error(failure, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Entities written since the tables were last analysed after which the loop analyses them as soon as nothing
     * is due. Right after a bulk ingest the planner has no statistics for the new rows (autovacuum analyses them
     * a minute or more later) and chose plans 10x slower for filtered queries in the meantime.
     */
    static final long ANALYZE_AFTER = 5_000;

    private final AtomicLong writtenSinceAnalyze = new AtomicLong();

    private volatile long analyzeAfter = ANALYZE_AFTER;

    /** Changes {@link #ANALYZE_AFTER} on this instance (tests). */
    void analyzeAfter(long entities) {
        analyzeAfter = entities;
    }

    private void analyzeAfterBulkWrites() {
        long written = writtenSinceAnalyze.get();
        if (written >= analyzeAfter && writtenSinceAnalyze.compareAndSet(written, 0)) {
            long started = System.nanoTime();
            repository.analyze();
            LOG.infof("analysed the catalog tables after %d written entities in %d ms", written,
                    (System.nanoTime() - started) / 1_000_000);
        }
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
        Pass pass = claimAndProcess();
        if (pass == null) {
            return 0;
        }
        store(pass);
        return pass.claimed().size();
    }

    /** The claimed rows of one pass and their outcomes, not stored yet. */
    private record Pass(List<Claimed> claimed, List<Outcome> outcomes, Timer.Sample sample) {
    }

    /** Claims due rows and processes them (no writes); null when nothing is due. */
    private Pass claimAndProcess() {
        List<Claimed> claimed = repository.claim(config.processing().batchSize(), config.processing().lease());
        if (claimed.isEmpty()) {
            return null;
        }
        Timer.Sample sample = metrics.start();
        // processing never throws: a row that fails is an error on that row
        return new Pass(claimed, process(claimed), sample);
    }

    /** Writes a pass's outcomes in one transaction, one by one when that fails, or releases them for a retry. */
    private void store(Pass pass) {
        List<Outcome> outcomes = pass.outcomes();
        try {
            repository.write(outcomes);
        } catch (ServiceUnavailableError e) {
            metrics.failed(pass.sample());
            LOG.errorf("processing pass of %d entities could not be stored (%s); they are retried in %s", pass.claimed().size(), e.getMessage(), RETRY_DELAY);
            repository.release(pass.claimed(), RETRY_DELAY);
            return;
        } catch (RuntimeException e) {
            LOG.warnf("storing a pass of %d entities failed (%s); storing them one by one", pass.claimed().size(), e.getMessage());
            writeOneByOne(outcomes);
        }
        record(outcomes, pass.sample());
    }

    /**
     * Processes claimed rows in order until their children reach {@code max-children-per-pass}; rows left over
     * are made due again at once, for the next pass.
     */
    private List<Outcome> process(List<Claimed> claimed) {
        int budget = config.processing().maxChildrenPerPass();
        List<Outcome> outcomes = new ArrayList<>(claimed.size());
        int children = 0;
        for (Claimed row : claimed) {
            if (children >= budget) {
                repository.release(claimed.subList(outcomes.size(), claimed.size()), Duration.ZERO);
                break;
            }
            Outcome o = processor.process(row);
            outcomes.add(o);
            children += o.children() == null ? 0 : o.children().size();
        }
        return outcomes;
    }

    /** One row whose outcome cannot be stored never keeps the rest of its pass from being stored. */
    private void writeOneByOne(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            try {
                repository.write(List.of(o));
            } catch (RuntimeException e) {
                String id = UUID.randomUUID().toString();
                LOG.errorf(e, "storing %s failed (error id %s)", o.row().entityRef(), id);
                try {
                    repository.recordFailure(o.row(), ProcessingError.of("InternalError", null, "Storing the outcome failed (error id " + id
                            + "); the last good version is kept"), config.processing().interval());
                } catch (RuntimeException again) {
                    repository.release(List.of(o.row()), RETRY_DELAY);
                }
            }
        }
    }

    private void record(List<Outcome> outcomes, Timer.Sample sample) {
        metrics.written(sample, outcomes);
        writtenSinceAnalyze.addAndGet(outcomes.stream().filter(o -> !o.unchanged()).count());
        long failed = outcomes.stream().filter(o -> !o.errors().isEmpty()).count();
        if (failed > 0) {
            LOG.infof("processed %d entities, %d with errors", outcomes.size(), failed);
        } else {
            LOG.debugf("processed %d entities", outcomes.size());
        }
    }
}
