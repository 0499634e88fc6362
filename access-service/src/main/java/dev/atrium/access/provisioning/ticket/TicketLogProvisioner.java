package dev.atrium.access.provisioning.ticket;

import dev.atrium.access.provisioning.Provisioner;
import dev.atrium.access.provisioning.ProvisioningContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** The default ITSM adapter: the compliance record is a row of this service's own ticket log (one per request and action). */
@ApplicationScoped
public class TicketLogProvisioner implements Provisioner {

    @Inject
    TicketLogRepository repository;

    @Override
    public String step() {
        return "itsm-ticket";
    }

    @Override
    public String adapter() {
        return "log";
    }

    @Override
    @Transactional
    public String provision(ProvisioningContext context) {
        return file(context);
    }

    @Override
    @Transactional
    public String deprovision(ProvisioningContext context) {
        return file(context);
    }

    private String file(ProvisioningContext context) {
        TicketLogEntry existing = repository.forRequest(context.requestId(), context.action());
        if (existing != null) {
            return "ticket-log:" + existing.id;
        }
        TicketContent content = TicketContent.of(context);
        TicketLogEntry e = new TicketLogEntry();
        e.id = UUID.randomUUID();
        e.requestId = context.requestId();
        e.action = context.action();
        e.summary = content.summary();
        e.body = content.description();
        e.createdAt = Instant.now();
        repository.persist(e);
        return "ticket-log:" + e.id;
    }
}
