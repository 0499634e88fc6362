package dev.atrium.access.request;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One approver's decision for one of a request's required approvals. */
@Entity
@Table(name = "request_approval")
public class RequestApproval {
    @Id
    public UUID id;
    @Column(name = "request_id")
    public UUID requestId;
    public String role;
    public String approver;
    public String decision;
    public String reason;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
