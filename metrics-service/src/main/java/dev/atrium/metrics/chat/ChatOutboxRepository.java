package dev.atrium.metrics.chat;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The only class that reads or writes {@code chat_outbox}. */
@ApplicationScoped
public class ChatOutboxRepository implements PanacheRepositoryBase<ChatMessage, Long> {

    /** Queues a post unless one with the same key exists (repeat digests, concurrent replicas). */
    public boolean enqueue(String webhook, String kind, String dedupKey, String payload) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO chat_outbox (webhook, kind, dedup_key, payload)
                VALUES (?1, ?2, ?3, ?4) ON CONFLICT (dedup_key) DO NOTHING""")
                .setParameter(1, webhook).setParameter(2, kind).setParameter(3, dedupKey).setParameter(4, payload)
                .executeUpdate();
        return inserted > 0;
    }

    /**
     * Claims due posts for one relay pass: their next attempt moves a lease ahead, so other instances
     * skip them while this one posts outside the transaction.
     */
    @SuppressWarnings("unchecked")
    public List<ChatMessage> claimDue(int limit, Duration lease) {
        List<Long> ids = getEntityManager().createNativeQuery("""
                UPDATE chat_outbox SET next_attempt_at = now() + make_interval(secs => ?1)
                WHERE id IN (SELECT id FROM chat_outbox
                             WHERE delivered_at IS NULL AND next_attempt_at <= now()
                             ORDER BY next_attempt_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED)
                RETURNING id""", Long.class)
                .setParameter(1, (double) lease.toMillis() / 1000.0).setParameter(2, limit).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return list("id in ?1 order by id", ids);
    }

    public void markDelivered(long id) {
        update("deliveredAt = ?1, lastError = null, attempts = attempts + 1 where id = ?2", Instant.now(), id);
    }

    public void markFailed(long id, String error, Instant nextAttempt) {
        update("attempts = attempts + 1, lastError = ?1, nextAttemptAt = ?2 where id = ?3", error, nextAttempt, id);
    }

    public long pending() {
        return count("deliveredAt is null");
    }
}
