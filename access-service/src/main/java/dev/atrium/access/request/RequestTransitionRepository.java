package dev.atrium.access.request;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code request_transition}. */
@ApplicationScoped
public class RequestTransitionRepository implements PanacheRepositoryBase<RequestTransition, Long> {

    public List<RequestTransition> forRequest(UUID requestId) {
        return list("requestId = ?1 ORDER BY id", requestId);
    }

    /** Records one state change. */
    public void record(UUID requestId, RequestState from, RequestState to, String actor, String reason, Instant at) {
        RequestTransition t = new RequestTransition();
        t.requestId = requestId;
        t.fromState = from;
        t.toState = to;
        t.actor = actor;
        t.reason = reason;
        t.at = at;
        persist(t);
    }
}
