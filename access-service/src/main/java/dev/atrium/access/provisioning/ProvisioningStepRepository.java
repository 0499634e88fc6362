package dev.atrium.access.provisioning;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code provisioning_step}. */
@ApplicationScoped
public class ProvisioningStepRepository implements PanacheRepositoryBase<ProvisioningStep, UUID> {

    public List<ProvisioningStep> forJob(UUID jobId) {
        return list("jobId = ?1", jobId);
    }

    public ProvisioningStep forJob(UUID jobId, String step) {
        return find("jobId = ?1 AND step = ?2", jobId, step).firstResult();
    }
}
