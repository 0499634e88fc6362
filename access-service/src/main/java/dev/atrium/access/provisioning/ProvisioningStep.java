package dev.atrium.access.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Progress of one {@link Provisioner} step of one job: done with its result, or failed with its last error. */
@Entity
@Table(name = "provisioning_step")
public class ProvisioningStep {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    @Id
    public UUID id;
    @Column(name = "job_id")
    public UUID jobId;
    public String step;
    public String adapter;
    public String state;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    public String result;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
