package dev.atrium.access.request;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code access_request}. */
@ApplicationScoped
public class AccessRequestRepository implements PanacheRepositoryBase<AccessRequest, UUID> {

    /** The request, locked for the rest of the transaction (decisions on one request are serialised). */
    public AccessRequest lock(UUID id) {
        return getEntityManager().find(AccessRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Keyset position of a page: requests strictly older than ({@code createdAt}, {@code id}). */
    public record After(Instant createdAt, UUID id) {
    }

    /**
     * A page of requests, newest first. Null filters are not applied; {@code requiredAnyOf} keeps requests
     * whose required approvals include at least one of the given roles.
     */
    public List<AccessRequest> page(String requester, Collection<String> teams, RequestState state,
            Collection<String> requiredAnyOf, After after, int limit) {
        List<String> where = new ArrayList<>();
        Parameters p = new Parameters();
        if (requester != null) {
            where.add("requester = :requester");
            p.and("requester", requester);
        }
        if (teams != null) {
            where.add("team IN :teams");
            p.and("teams", teams);
        }
        if (state != null) {
            where.add("state = :state");
            p.and("state", state);
        }
        if (after != null) {
            where.add("(createdAt < :afterAt OR (createdAt = :afterAt AND id < :afterId))");
            p.and("afterAt", after.createdAt()).and("afterId", after.id());
        }
        if (requiredAnyOf != null) {
            // JSONB containment is not expressible in HQL; the candidate ids come from a native query.
            List<UUID> ids = idsRequiringAnyOf(requiredAnyOf, state);
            if (ids.isEmpty()) {
                return List.of();
            }
            where.add("id IN :ids");
            p.and("ids", ids);
        }
        String q = (where.isEmpty() ? "" : String.join(" AND ", where) + " ") + "ORDER BY createdAt DESC, id DESC";
        return find(q, p).page(0, limit).list();
    }

    @SuppressWarnings("unchecked")
    private List<UUID> idsRequiringAnyOf(Collection<String> roles, RequestState state) {
        var query = getEntityManager().createNativeQuery(
                "SELECT id FROM access_request WHERE jsonb_exists_any(required_approvals, :roles)"
                        + (state == null ? "" : " AND state = :state") + " LIMIT 5000", UUID.class)
                .setParameter("roles", roles.toArray(String[]::new));
        if (state != null) {
            query.setParameter("state", state.name());
        }
        return query.getResultList();
    }

    /** The live request of a team for a model, if any. */
    public AccessRequest live(String team, String modelRef) {
        return find("team = ?1 AND modelRef = ?2 AND state IN ?3", team, modelRef, RequestState.LIVE).firstResult();
    }

    /** ACTIVE grants certified before {@code certifiedBefore} that carry no due date yet. */
    public List<AccessRequest> newlyDue(Instant certifiedBefore, int limit) {
        return find("state = ?1 AND recertificationDueAt IS NULL AND certifiedAt < ?2 ORDER BY certifiedAt",
                RequestState.ACTIVE, certifiedBefore).page(0, limit).list();
    }

    /** ACTIVE grants whose recertification due date has passed. */
    public List<AccessRequest> overdue(Instant now, int limit) {
        return find("state = ?1 AND recertificationDueAt < ?2 ORDER BY recertificationDueAt",
                RequestState.ACTIVE, now).page(0, limit).list();
    }

    /** ACTIVE grants with a due date, for the recertification list. */
    public List<AccessRequest> awaitingRecertification(int limit) {
        return find("state = ?1 AND recertificationDueAt IS NOT NULL ORDER BY recertificationDueAt",
                RequestState.ACTIVE).page(0, limit).list();
    }
}
