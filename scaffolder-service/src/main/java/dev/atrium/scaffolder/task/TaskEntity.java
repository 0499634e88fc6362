package dev.atrium.scaffolder.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One task: a template run for a user, with its spec, status and the worker that holds it. */
@Entity
@Table(name = "tasks")
public class TaskEntity {
    @Id
    public UUID id;

    @Column(name = "template_ref", nullable = false)
    public String templateRef;

    @Column(name = "template_owner")
    public String templateOwner;

    public String workflow;

    /** The stored spec (Backstage's TaskSpec); never contains secrets. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public String spec;

    @Column(nullable = false)
    public String status;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_by_team")
    public String createdByTeam;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "wake_at")
    public Instant wakeAt;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(nullable = false)
    public int runs;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String output;

    public String error;

    public boolean finished() {
        return TaskStatus.isFinal(status);
    }
}
