package dev.atrium.scaffolder.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The zipped workspace of a task after its last finished step. */
@Entity
@Table(name = "task_workspaces")
public class TaskWorkspaceEntity {
    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Column(nullable = false)
    public byte[] archive;

    @Column(nullable = false)
    public int files;

    @Column(nullable = false)
    public long bytes;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
