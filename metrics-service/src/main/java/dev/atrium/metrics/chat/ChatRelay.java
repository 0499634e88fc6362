package dev.atrium.metrics.chat;

import dev.atrium.metrics.config.MetricsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Delivers the chat outbox: claims due posts, sends each to its webhook outside any transaction, and
 * records delivery or schedules a retry with exponential backoff. Retries never give up, so an
 * answer posted while the chat server is down arrives once it is back.
 */
@ApplicationScoped
public class ChatRelay {
    private static final Logger LOG = Logger.getLogger(ChatRelay.class);

    @Inject
    MetricsConfig config;

    @Inject
    ChatOutboxRepository outbox;

    @Inject
    ChatFeedback feedback;

    Clock clock = Clock.systemUTC();

    private HttpClient http;

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(config.chat().timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    @Scheduled(every = "${atrium.metrics.chat.relay-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void scheduled() {
        runOnce();
    }

    @Scheduled(cron = "${atrium.metrics.chat.digest-cron:0 0 8 * * ?}", timeZone = "UTC")
    void dailyDigest() {
        int queued = feedback.queueDigest(LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1));
        LOG.infof("daily template feedback digest queued for %d webhook(s)", queued);
    }

    /** One relay pass; returns how many posts were delivered. */
    public int runOnce() {
        List<ChatMessage> due = QuarkusTransaction.requiringNew()
                .call(() -> outbox.claimDue(config.chat().batchSize(), config.chat().lease()));
        int delivered = 0;
        for (ChatMessage m : due) {
            String error = post(m);
            if (error == null) {
                QuarkusTransaction.requiringNew().run(() -> outbox.markDelivered(m.id));
                delivered++;
            } else {
                Instant next = clock.instant().plus(backoff(m.attempts + 1));
                QuarkusTransaction.requiringNew().run(() -> outbox.markFailed(m.id, error, next));
                LOG.warnf("chat post %d to webhook '%s' failed (attempt %d): %s; retrying at %s",
                        m.id, m.webhook, m.attempts + 1, error, next);
            }
        }
        return delivered;
    }

    Duration backoff(int attempt) {
        Duration base = config.chat().backoffBase();
        Duration max = config.chat().backoffMax();
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = base.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Posts one message; returns null on success, else a description without the URL (a secret). */
    private String post(ChatMessage m) {
        var webhook = config.chat().webhooks().get(m.webhook);
        String url = webhook == null ? null : webhook.url().filter(u -> !u.isBlank()).orElse(null);
        if (url == null) {
            return "webhook '" + m.webhook + "' is no longer configured";
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(config.chat().timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(m.payload))
                    .build();
            HttpResponse<Void> response = http().send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IllegalArgumentException e) {
            return "invalid webhook URL";
        }
    }
}
