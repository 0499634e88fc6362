package dev.atrium.access.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One append-only audit record (table {@code audit_record}). */
@Entity
@Table(name = "audit_record")
public class AuditRecord {
    @Id
    public Long seq;
    public UUID id;
    public Instant at;
    public String actor;
    public String action;
    public String subject;
    public String team;
    public String details;
    @Column(name = "prev_hash")
    public String prevHash;
    public String hash;

    AuditChain.Fields fields() {
        return new AuditChain.Fields(seq, id.toString(), at, actor, action, subject, team, details);
    }
}
