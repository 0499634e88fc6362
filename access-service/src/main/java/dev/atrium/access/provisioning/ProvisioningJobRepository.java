package dev.atrium.access.provisioning;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code provisioning_job}. */
@ApplicationScoped
public class ProvisioningJobRepository implements PanacheRepositoryBase<ProvisioningJob, UUID> {

    /**
     * Claims up to {@code limit} due jobs for this instance: {@code FOR UPDATE SKIP LOCKED} so replicas never
     * claim the same job, and a lease so a job of an instance that died becomes due again.
     */
    @SuppressWarnings("unchecked")
    public List<ProvisioningJob> claim(Instant now, Instant leaseUntil, int limit) {
        List<UUID> ids = getEntityManager().createNativeQuery("""
                SELECT id FROM provisioning_job
                WHERE state = 'pending' AND next_attempt_at <= :now AND (locked_until IS NULL OR locked_until < :now)
                  AND NOT (action = 'deprovision' AND EXISTS (
                      SELECT 1 FROM provisioning_job p WHERE p.request_id = provisioning_job.request_id
                        AND p.action = 'provision' AND p.state = 'pending' AND p.locked_until >= :now))
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        update("lockedUntil = ?1, updatedAt = ?2 WHERE id IN ?3", leaseUntil, now, ids);
        return list("id IN ?1", ids);
    }

    public ProvisioningJob forRequest(UUID requestId, String action) {
        return find("requestId = ?1 AND action = ?2", requestId, action).firstResult();
    }

    public List<ProvisioningJob> forRequest(UUID requestId) {
        return list("requestId = ?1 ORDER BY createdAt", requestId);
    }

    /** Creates the job, or makes an existing one pending and due now (a retry or a repeated revocation). */
    public ProvisioningJob enqueue(UUID requestId, String action, Instant now) {
        ProvisioningJob job = forRequest(requestId, action);
        boolean fresh = job == null;
        if (fresh) {
            job = new ProvisioningJob();
            job.id = UUID.randomUUID();
            job.requestId = requestId;
            job.action = action;
            job.createdAt = now;
        }
        // Hibernate takes an insert's values at persist time: fill every column first.
        job.state = ProvisioningJob.PENDING;
        job.attempts = 0;
        job.nextAttemptAt = now;
        job.lockedUntil = null;
        job.lastError = null;
        job.updatedAt = now;
        if (fresh) {
            persist(job);
        }
        return job;
    }
}
