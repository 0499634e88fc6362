package dev.atrium.access.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.provisioning.Backoff;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Delivers the event outbox to metrics-service ({@code POST /api/metrics/v1/events} with this service's
 * client-credentials token) in batches. A batch that is not accepted (transport error, 4xx other than a field
 * error, 5xx) stays in the outbox and is retried with backoff; events wait there until metrics-service answers.
 */
@ApplicationScoped
public class EventRelay {
    private static final Logger LOG = Logger.getLogger(EventRelay.class);

    @Inject
    AccessConfig config;

    @Inject
    OutboxRepository outbox;

    @Inject
    ServiceToken token;

    @Inject
    @RestClient
    MetricsApi metrics;

    @Inject
    ObjectMapper json;

    @Scheduled(every = "${atrium.access.events.relay-interval:2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    void scheduled() {
        relayOnce();
    }

    /** Sends one batch of due events; returns how many were delivered. */
    @Transactional
    public int relayOnce() {
        Instant now = Instant.now();
        List<OutboxEvent> due = outbox.claimDue(now, config.events().batchSize());
        if (due.isEmpty()) {
            return 0;
        }
        String error;
        try {
            ArrayNode batch = json.createArrayNode();
            for (OutboxEvent e : due) {
                batch.add(json.readTree(e.payload));
            }
            try (Response r = metrics.send("Bearer " + token.bearer(), batch)) {
                if (r.getStatus() / 100 == 2) {
                    due.forEach(e -> {
                        e.deliveredAt = now;
                        e.attempts++;
                        e.lastError = null;
                    });
                    return due.size();
                }
                error = "metrics-service answered HTTP " + r.getStatus();
            }
        } catch (jakarta.ws.rs.WebApplicationException e) {
            error = "metrics-service answered HTTP " + e.getResponse().getStatus();
        } catch (Exception e) {
            error = "metrics-service unreachable: " + e.getMessage();
        }
        for (OutboxEvent e : due) {
            e.attempts++;
            e.lastError = error.length() > 500 ? error.substring(0, 500) : error;
            e.nextAttemptAt = now.plus(Backoff.after(e.attempts, config.events().backoffInitial(), config.events().backoffMax()));
        }
        LOG.debugf("%d events stay in the outbox: %s", due.size(), error);
        return 0;
    }

    @Scheduled(every = "1H", delayed = "1M")
    @Transactional
    void prune() {
        outbox.deleteDeliveredBefore(Instant.now().minus(config.events().retention()));
    }

    /** Skips the relay when {@code atrium.access.events.relay-enabled=false}. */
    @ApplicationScoped
    public static class RelayDisabled implements Scheduled.SkipPredicate {
        @Inject
        AccessConfig config;

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.events().relayEnabled();
        }
    }
}
