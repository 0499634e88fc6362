package dev.atrium.scaffolder.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atrium.scaffolder.catalog.RemoteCall;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.metrics.MetricsApi;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Delivers outbox events to metrics-service with the service's own client-credentials token.
 * Rows are claimed with {@code SKIP LOCKED} (any number of replicas), sent as one array, and marked
 * delivered in the same transaction; a failed batch is retried with exponential backoff, so events
 * wait in the outbox until metrics-service answers.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    OutboxRepository outbox;

    @Inject
    @RestClient
    MetricsApi metrics;

    @Inject
    OidcClient oidc;

    @Inject
    ScaffolderConfig config;

    private volatile Tokens tokens;

    @Scheduled(every = "${atrium.scaffolder.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    void scheduled() {
        relayOnce();
    }

    /** Sends one batch of due events; returns how many were delivered. */
    @Transactional
    public int relayOnce() {
        List<OutboxEntity> due = outbox.claimDue(config.outbox().batchSize());
        if (due.isEmpty()) {
            return 0;
        }
        ArrayNode batch = JSON.createArrayNode();
        try {
            for (OutboxEntity e : due) {
                batch.add(JSON.readTree(e.payload));
            }
            String token = token();
            RemoteCall.call("metrics-service", () -> metrics.send("Bearer " + token, batch));
            outbox.markDelivered(due);
            LOG.debugf("delivered %d events to metrics-service", due.size());
            return due.size();
        } catch (java.io.IOException | RuntimeException e) {
            int attempts = due.stream().mapToInt(x -> x.attempts).max().orElse(0) + 1;
            Duration backoff = backoff(attempts);
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outbox.markFailed(due, error.length() > 500 ? error.substring(0, 500) : error, Instant.now().plus(backoff));
            if (attempts == 1 || attempts % 10 == 0) {
                LOG.infof("metrics-service did not take %d events (attempt %d, next in %d s): %s", due.size(), attempts,
                        backoff.toSeconds(), error);
            }
            return 0;
        }
    }

    Duration backoff(int attempts) {
        long seconds = Math.min(config.outbox().maxBackoff().toSeconds(), (long) Math.pow(2, Math.min(attempts, 20)));
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private String token() {
        Tokens t = tokens;
        if (t == null || t.isAccessTokenExpired() || t.isAccessTokenWithinRefreshInterval()) {
            t = oidc.getTokens().await().atMost(TOKEN_TIMEOUT);
            tokens = t;
        }
        return t.getAccessToken();
    }

    /** Skips the scheduled relay when {@code atrium.scaffolder.outbox.enabled=false}. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        @Inject
        ScaffolderConfig config;

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.outbox().enabled();
        }
    }
}
