package dev.atrium.access.request;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code request_approval}. */
@ApplicationScoped
public class RequestApprovalRepository implements PanacheRepositoryBase<RequestApproval, UUID> {

    public List<RequestApproval> forRequest(UUID requestId) {
        return list("requestId = ?1 ORDER BY decidedAt", requestId);
    }
}
