package dev.atrium.scaffolder.task;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every statement against {@code tasks}, including the {@code SKIP LOCKED} claim of the workers. */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<TaskEntity, UUID> {

    /** A task a worker has just claimed; {@code previousWorker} is set when it was taken over from a dead worker. */
    public record Claim(UUID id, int runs, String previousWorker) {
    }

    /**
     * Claims up to {@code max} runnable tasks for {@code worker}: open ones, woken gates, and
     * processing ones whose worker stopped heart-beating. Other workers skip the locked rows.
     */
    @SuppressWarnings("unchecked")
    public List<Claim> claim(String worker, int max, Duration heartbeatTimeout) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                WITH next AS (
                    SELECT id, claimed_by AS previous FROM tasks
                    WHERE status IN ('open', 'processing')
                      AND (wake_at IS NULL OR wake_at <= now())
                      AND (claimed_by IS NULL OR heartbeat_at < now() - make_interval(secs => :timeout))
                    ORDER BY wake_at NULLS FIRST, created_at
                    LIMIT :max
                    FOR UPDATE SKIP LOCKED)
                UPDATE tasks t SET claimed_by = :worker, heartbeat_at = now(), status = 'processing',
                       started_at = coalesce(t.started_at, now()), runs = t.runs + 1, wake_at = NULL
                FROM next WHERE t.id = next.id
                RETURNING t.id, t.runs, next.previous""")
                .setParameter("worker", worker)
                .setParameter("max", max)
                .setParameter("timeout", heartbeatTimeout.toMillis() / 1000.0)
                .getResultList();
        List<Claim> claims = new ArrayList<>();
        for (Object[] r : rows) {
            claims.add(new Claim((UUID) r[0], ((Number) r[1]).intValue(), (String) r[2]));
        }
        return claims;
    }

    /**
     * Renews the heartbeat of the tasks {@code worker} still holds; returns, for each of them,
     * whether a cancel was requested. Tasks missing from the answer were taken away.
     */
    @SuppressWarnings("unchecked")
    public Map<UUID, Boolean> heartbeat(String worker, Collection<UUID> ids) {
        Map<UUID, Boolean> held = new HashMap<>();
        if (ids.isEmpty()) {
            return held;
        }
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                UPDATE tasks SET heartbeat_at = now()
                WHERE claimed_by = :worker AND id = ANY(CAST(:ids AS uuid[])) AND status = 'processing'
                RETURNING id, cancel_requested""")
                .setParameter("worker", worker)
                .setParameter("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .getResultList();
        for (Object[] r : rows) {
            held.put((UUID) r[0], (Boolean) r[1]);
        }
        return held;
    }

    /** Renews the heartbeat of one task; false when {@code worker} no longer holds it (it must then write nothing). */
    public boolean touch(UUID id, String worker) {
        return getEntityManager().createNativeQuery(
                "UPDATE tasks SET heartbeat_at = now() WHERE id = :id AND claimed_by = :worker AND status = 'processing'")
                .setParameter("id", id).setParameter("worker", worker).executeUpdate() == 1;
    }

    @jakarta.transaction.Transactional
    public List<Claim> claimInTx(String worker, int max, Duration heartbeatTimeout) {
        return claim(worker, max, heartbeatTimeout);
    }

    @jakarta.transaction.Transactional
    public Map<UUID, Boolean> heartbeatInTx(String worker, Collection<UUID> ids) {
        return heartbeat(worker, ids);
    }

    /** True when another worker now holds the task (or it is finished). */
    @jakarta.transaction.Transactional
    public boolean heldByAnother(UUID id, String worker) {
        TaskEntity t = findById(id);
        return t == null || t.finished() || (t.claimedBy != null && !t.claimedBy.equals(worker));
    }

    /** Hands tasks back on shutdown so another worker picks them up at once. */
    @jakarta.transaction.Transactional
    public int releaseAll(String worker, Collection<UUID> ids) {
        return getEntityManager().createNativeQuery(
                "UPDATE tasks SET claimed_by = NULL, heartbeat_at = NULL WHERE claimed_by = :worker AND id = ANY(CAST(:ids AS uuid[]))")
                .setParameter("worker", worker).setParameter("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .executeUpdate();
    }

    /** True when {@code worker} still holds the task. */
    public boolean holds(UUID id, String worker) {
        return count("id = ?1 and claimedBy = ?2 and status = 'processing'", id, worker) > 0;
    }

    /** Tasks matching the filters, newest first unless {@code order} says otherwise. */
    public List<TaskEntity> list(List<String> createdBy, List<String> statuses, String orderField, boolean ascending,
            int limit, int offset) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (createdBy != null && !createdBy.isEmpty()) {
            q.append(" and createdBy in :createdBy");
            params.and("createdBy", createdBy);
        }
        if (statuses != null && !statuses.isEmpty()) {
            q.append(" and status in :statuses");
            params.and("statuses", statuses);
        }
        Sort sort = Sort.by(orderField, ascending ? Sort.Direction.Ascending : Sort.Direction.Descending).and("id");
        return find(q.toString(), sort, params).range(offset, offset + limit - 1).list();
    }

    /** Like {@link #list}, limited to tasks the user created or whose template one of their teams owns. */
    public List<TaskEntity> visible(List<String> createdBy, List<String> statuses, String orderField, boolean ascending,
            String userRef, List<String> groupRefs, int limit, int offset) {
        StringBuilder q = new StringBuilder("(createdBy = :me or templateOwner in :groups)");
        Parameters params = Parameters.with("me", userRef).and("groups", groupRefs.isEmpty() ? List.of("-") : groupRefs);
        filters(q, params, createdBy, statuses);
        Sort sort = Sort.by(orderField, ascending ? Sort.Direction.Ascending : Sort.Direction.Descending).and("id");
        return find(q.toString(), sort, params).range(offset, offset + limit - 1).list();
    }

    public long countVisible(List<String> createdBy, List<String> statuses, String userRef, List<String> groupRefs) {
        StringBuilder q = new StringBuilder("(createdBy = :me or templateOwner in :groups)");
        Parameters params = Parameters.with("me", userRef).and("groups", groupRefs.isEmpty() ? List.of("-") : groupRefs);
        filters(q, params, createdBy, statuses);
        return count(q.toString(), params);
    }

    private static void filters(StringBuilder q, Parameters params, List<String> createdBy, List<String> statuses) {
        if (createdBy != null && !createdBy.isEmpty()) {
            q.append(" and createdBy in :createdBy");
            params.and("createdBy", createdBy);
        }
        if (statuses != null && !statuses.isEmpty()) {
            q.append(" and status in :statuses");
            params.and("statuses", statuses);
        }
    }

    public long countMatching(List<String> createdBy, List<String> statuses) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (createdBy != null && !createdBy.isEmpty()) {
            q.append(" and createdBy in :createdBy");
            params.and("createdBy", createdBy);
        }
        if (statuses != null && !statuses.isEmpty()) {
            q.append(" and status in :statuses");
            params.and("statuses", statuses);
        }
        return count(q.toString(), params);
    }

    /** Failed tasks that finished before {@code before} (their secrets are due for deletion). */
    public List<UUID> failedBefore(Instant before) {
        return find("status = 'failed' and finishedAt < ?1", before).project(IdOnly.class).list()
                .stream().map(IdOnly::id).toList();
    }

    /** Projection of a task's id. */
    public record IdOnly(UUID id) {
    }
}
