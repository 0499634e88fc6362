package dev.atrium.scaffolder.secret;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A task's secrets, AES-GCM encrypted as one JSON map. */
@Entity
@Table(name = "task_secrets")
public class TaskSecretEntity {
    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
