package dev.atrium.access.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The last known status of one AIModel: catalog facts, the latest probe, and an owner's override. */
@Entity
@Table(name = "model_status")
public class ModelStatus {
    @Id
    @Column(name = "model_ref")
    public String modelRef;
    public String title;
    @Column(name = "owner_ref")
    public String ownerRef;
    public String lifecycle;
    @Column(name = "health_url")
    public String healthUrl;
    @Column(name = "probed_status")
    public String probedStatus;
    @Column(name = "latency_ms")
    public Integer latencyMs;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "probed_at")
    public Instant probedAt;
    @Column(name = "override_status")
    public String overrideStatus;
    @Column(name = "override_reason")
    public String overrideReason;
    @Column(name = "override_by")
    public String overrideBy;
    @Column(name = "override_until")
    public Instant overrideUntil;
    @Column(name = "seen_at")
    public Instant seenAt;
}
