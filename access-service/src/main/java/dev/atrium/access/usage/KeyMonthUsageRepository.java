package dev.atrium.access.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The only reader and writer of {@code key_month_usage}, the per-key monthly token counters budgets are
 * checked against. Only atomic upserts touch it, so it has no entity.
 */
@ApplicationScoped
public class KeyMonthUsageRepository {

    @Inject
    EntityManager em;

    /** Adds {@code tokens} to the key's counter for {@code month} (its first day) atomically; returns the new total. */
    public long add(UUID keyId, LocalDate month, long tokens) {
        Object total = em.createNativeQuery("""
                INSERT INTO key_month_usage (key_id, month, tokens) VALUES (:key, :month, :tokens)
                ON CONFLICT (key_id, month) DO UPDATE SET tokens = key_month_usage.tokens + EXCLUDED.tokens
                RETURNING tokens""")
                .setParameter("key", keyId).setParameter("month", month).setParameter("tokens", tokens)
                .getSingleResult();
        return ((Number) total).longValue();
    }

    /** Tokens the key used in {@code month}; 0 when none were reported. */
    public long tokens(UUID keyId, LocalDate month) {
        List<?> rows = em.createNativeQuery("SELECT tokens FROM key_month_usage WHERE key_id = :key AND month = :month")
                .setParameter("key", keyId).setParameter("month", month).getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }
}
