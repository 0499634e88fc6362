package dev.atrium.access.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event for metrics-service waiting in the outbox, or delivered (kept for the retention period). */
@Entity
@Table(name = "event_outbox")
public class OutboxEvent {
    @Id
    public String id;
    public String type;
    /** The event JSON exactly as it is sent. */
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
