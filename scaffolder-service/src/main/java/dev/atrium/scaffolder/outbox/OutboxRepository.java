package dev.atrium.scaffolder.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Every statement against {@code outbox}, including the relay's {@code SKIP LOCKED} claim. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, UUID> {

    /** Adds an event; call inside the transaction of the change that caused it. */
    public void add(UUID id, String type, String payload) {
        OutboxEntity e = new OutboxEntity();
        e.id = id;
        e.type = type;
        e.payload = payload;
        e.createdAt = Instant.now();
        e.nextAttemptAt = e.createdAt;
        persist(e);
    }

    /** Locks up to {@code max} undelivered events that are due; other relays skip them. */
    @SuppressWarnings("unchecked")
    public List<OutboxEntity> claimDue(int max) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()
                ORDER BY created_at LIMIT :max FOR UPDATE SKIP LOCKED""", OutboxEntity.class)
                .setParameter("max", max)
                .getResultList();
    }

    public void markDelivered(Collection<OutboxEntity> events) {
        Instant now = Instant.now();
        events.forEach(e -> {
            e.deliveredAt = now;
            e.attempts++;
            e.lastError = null;
        });
    }

    public void markFailed(Collection<OutboxEntity> events, String error, Instant nextAttempt) {
        events.forEach(e -> {
            e.attempts++;
            e.lastError = error;
            e.nextAttemptAt = nextAttempt;
        });
    }

    public long pending() {
        return count("deliveredAt is null");
    }

    public long deleteDeliveredBefore(Instant before) {
        return delete("deliveredAt < ?1", before);
    }
}
