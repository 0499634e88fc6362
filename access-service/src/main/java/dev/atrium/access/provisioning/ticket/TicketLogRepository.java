package dev.atrium.access.provisioning.ticket;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code ticket_log}. */
@ApplicationScoped
public class TicketLogRepository implements PanacheRepositoryBase<TicketLogEntry, UUID> {

    public TicketLogEntry forRequest(UUID requestId, String action) {
        return find("requestId = ?1 AND action = ?2", requestId, action).firstResult();
    }

    public List<TicketLogEntry> forRequest(UUID requestId) {
        return list("requestId = ?1 ORDER BY createdAt", requestId);
    }
}
