package dev.atrium.hub.events;

import dev.atrium.hub.config.HubConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Collects page views, searches, result clicks and survey answers and sends them to metrics-service in
 * batches from a scheduler thread (decision 0025). Recording never blocks and never fails a page: the
 * buffer is bounded and drops the oldest events when metrics-service stays away for long; a failed batch
 * is retried with exponential backoff, safely, because every event carries its own idempotency key.
 */
@ApplicationScoped
public class EventSink {
    private static final Logger LOG = Logger.getLogger(EventSink.class);

    @Inject
    HubConfig config;

    @Inject
    @RestClient
    MetricsEventsApi api;

    @Inject
    MeterRegistry registry;

    private BlockingQueue<HubEvent> buffer;
    /** The batch that failed last, sent again before anything newer. */
    private volatile List<HubEvent> pending = List.of();
    /** Events drained from the buffer whose request is under way. */
    private volatile int inFlight;
    private long nextAttemptAt;
    private long backoffMillis;
    private boolean failing;
    private Counter sent;
    private Counter dropped;
    private Counter rejected;

    @PostConstruct
    void init() {
        buffer = new ArrayBlockingQueue<>(config.events().bufferSize());
        backoffMillis = config.events().initialBackoff().toMillis();
        sent = registry.counter("atrium.hub.events.sent");
        dropped = registry.counter("atrium.hub.events.dropped");
        rejected = registry.counter("atrium.hub.events.rejected");
        registry.gauge("atrium.hub.events.buffered", buffer, BlockingQueue::size);
    }

    /** Queues an event; returns at once. */
    public void record(HubEvent event) {
        if (!config.events().enabled()) {
            return;
        }
        while (!buffer.offer(event)) {
            if (buffer.poll() != null) {
                dropped.increment();
            }
        }
    }

    /** Events not yet accepted by metrics-service, a request under way included (for tests and the sink's health). */
    public int buffered() {
        return buffer.size() + pending.size() + inFlight;
    }

    @Scheduled(every = "${atrium.hub.events.flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "hub-events-flush")
    void flush() {
        if (System.currentTimeMillis() < nextAttemptAt) {
            return;
        }
        int batchSize = Math.min(config.events().batchSize(), 1000);
        while (true) {
            List<HubEvent> batch = pending;
            if (batch.isEmpty()) {
                batch = new ArrayList<>(batchSize);
                inFlight = buffer.drainTo(batch, batchSize);
                if (batch.isEmpty()) {
                    return;
                }
            }
            boolean done;
            try {
                done = send(batch);
            } finally {
                inFlight = 0;
            }
            if (!done) {
                return;
            }
        }
    }

    /** A stopping instance sends what it still holds, once, so a rolling restart loses no events. */
    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        nextAttemptAt = 0;
        flush();
        if (buffered() > 0) {
            LOG.infof("%d events not sent at shutdown", buffered());
        }
    }

    /** Sends one batch; true when it is done with (accepted or refused for good). */
    private boolean send(List<HubEvent> batch) {
        try {
            api.send(batch);
            sent.increment(batch.size());
            if (failing) {
                LOG.infof("metrics-service takes events again; %d waiting", buffer.size());
                failing = false;
            }
            pending = List.of();
            backoffMillis = config.events().initialBackoff().toMillis();
            nextAttemptAt = 0;
            return true;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 400 || status == 413 || status == 422) {
                // The events themselves are wrong: sending them again cannot help.
                LOG.warnf("metrics-service refused %d events with %d; dropping them", batch.size(), status);
                rejected.increment(batch.size());
                pending = List.of();
                return true;
            }
            retryLater(batch, "HTTP " + status);
            return false;
        } catch (RuntimeException e) {
            // not reachable, timed out, or no client-credentials token from the IdP: all worth another try
            retryLater(batch, e.getClass().getSimpleName());
            return false;
        }
    }

    private void retryLater(List<HubEvent> batch, String why) {
        if (!failing) {
            LOG.warnf("metrics-service did not take %d events (%s); they wait in memory and are sent again", batch.size(), why);
            failing = true;
        }
        pending = batch;
        nextAttemptAt = System.currentTimeMillis() + backoffMillis;
        LOG.debugf("could not send %s events (%s); next try in %s ms", (Object) batch.size(), why, (Object) backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, config.events().maxBackoff().toMillis());
    }
}
