package dev.atrium.access.events;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The only reader and writer of {@code event_outbox}. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, String> {

    /** Claims due undelivered events ({@code FOR UPDATE SKIP LOCKED}: replicas never send the same batch at once). */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> claimDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM event_outbox WHERE delivered_at IS NULL AND next_attempt_at <= :now
                ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED""", OutboxEvent.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList();
    }

    public long deleteDeliveredBefore(Instant before) {
        return delete("deliveredAt < ?1", before);
    }

    public long pending() {
        return count("deliveredAt IS NULL");
    }
}
