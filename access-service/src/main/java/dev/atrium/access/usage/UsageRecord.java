package dev.atrium.access.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Tokens one key used on one model, as a gateway reported them (idempotent by the reporter's id). */
@Entity
@Table(name = "usage_record")
public class UsageRecord {
    @Id
    public String id;
    @Column(name = "key_id")
    public UUID keyId;
    public String team;
    @Column(name = "model_ref")
    public String modelRef;
    @Column(name = "cost_center")
    public String costCenter;
    public long tokens;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "received_at")
    public Instant receivedAt;
}
