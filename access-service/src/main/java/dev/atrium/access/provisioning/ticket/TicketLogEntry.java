package dev.atrium.access.provisioning.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of the built-in ticket log. */
@Entity
@Table(name = "ticket_log")
public class TicketLogEntry {
    @Id
    public UUID id;
    @Column(name = "request_id")
    public UUID requestId;
    public String action;
    public String summary;
    public String body;
    @Column(name = "created_at")
    public Instant createdAt;
}
