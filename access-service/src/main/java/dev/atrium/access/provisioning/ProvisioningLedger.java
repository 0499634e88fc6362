package dev.atrium.access.provisioning;

import dev.atrium.access.audit.AuditLog;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.request.RequestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The short transactions around provisioning: claiming jobs, starting, recording each step's outcome and
 * finishing. The steps themselves run between these, outside any transaction.
 */
@ApplicationScoped
public class ProvisioningLedger {

    @Inject
    AccessConfig config;

    @Inject
    ProvisioningJobRepository jobs;

    @Inject
    ProvisioningStepRepository steps;

    @Inject
    RequestService requests;

    @Inject
    AuditLog audit;

    /** A claimed job with the context it runs with. */
    public record Claimed(UUID jobId, UUID requestId, String action, int attempts) {
    }

    @Transactional
    public List<Claimed> claim(int limit) {
        Instant now = Instant.now();
        return jobs.claim(now, now.plus(config.provisioning().lease()), limit).stream()
                .map(j -> new Claimed(j.id, j.requestId, j.action, j.attempts)).toList();
    }

    /** Starts a claimed job; empty (and the job cancelled) when its request no longer wants it. */
    @Transactional
    public Optional<ProvisioningContext> start(Claimed job) {
        Optional<ProvisioningContext> context = requests.startProvisioning(job.requestId(), job.action());
        if (context.isEmpty()) {
            finishJob(job.jobId(), ProvisioningJob.CANCELLED, null);
        }
        return context;
    }

    /** Whether the step already succeeded in an earlier attempt of this job. */
    @Transactional
    public boolean done(UUID jobId, String step) {
        ProvisioningStep s = steps.forJob(jobId, step);
        return s != null && ProvisioningStep.DONE.equals(s.state);
    }

    @Transactional
    public void stepDone(UUID jobId, ProvisioningContext c, Provisioner p, String result) {
        ProvisioningStep s = step(jobId, p);
        s.state = ProvisioningStep.DONE;
        s.attempts++;
        s.result = truncate(result, 500);
        s.lastError = null;
        s.updatedAt = Instant.now();
        audit.append("system:provisioning", c.action() + ".step.done", "request:" + c.requestId(), c.team(),
                AuditLog.details("step", p.step(), "adapter", p.adapter(), "result", s.result));
    }

    /**
     * Records a failed step and schedules the job's next attempt with backoff; after the configured number of
     * attempts the job gives up and a provisioning request becomes FAILED.
     *
     * @return true when the job gave up
     */
    @Transactional
    public boolean stepFailed(UUID jobId, ProvisioningContext c, Provisioner p, String error) {
        Instant now = Instant.now();
        String message = truncate(error, 500);
        ProvisioningJob job = jobs.findById(jobId);
        boolean giveUp = job.attempts + 1 >= config.provisioning().maxAttempts();
        boolean provisioning = ProvisioningContext.PROVISION.equals(c.action());
        if (giveUp && provisioning) {
            // Same lock order as decisions on the request: the request row first.
            requests.lock(c.requestId());
        }
        ProvisioningStep s = step(jobId, p);
        s.state = ProvisioningStep.FAILED;
        s.attempts++;
        s.lastError = message;
        s.updatedAt = now;
        job.attempts++;
        job.lastError = p.step() + ": " + message;
        job.lockedUntil = null;
        job.updatedAt = now;
        if (giveUp) {
            job.state = ProvisioningJob.FAILED;
        } else {
            job.nextAttemptAt = now.plus(Backoff.after(job.attempts, config.provisioning().backoffInitial(),
                    config.provisioning().backoffMax()));
        }
        if (giveUp && provisioning) {
            requests.provisioningFailed(c.requestId(), job.lastError);
        }
        audit.append("system:provisioning", c.action() + ".step.failed", "request:" + c.requestId(), c.team(),
                AuditLog.details("step", p.step(), "adapter", p.adapter(), "error", message, "attempt", job.attempts,
                        "givingUp", giveUp));
        return giveUp;
    }

    /** Every step succeeded. */
    @Transactional
    public void finished(Claimed job, ProvisioningContext c) {
        if (ProvisioningContext.PROVISION.equals(c.action())) {
            requests.lock(c.requestId());
        }
        finishJob(job.jobId(), ProvisioningJob.DONE, null);
        if (ProvisioningContext.PROVISION.equals(c.action())) {
            requests.provisioned(c.requestId());
        } else {
            audit.append("system:provisioning", "deprovision.done", "request:" + c.requestId(), c.team(), java.util.Map.of());
        }
    }

    /** The request was closed while its provisioning ran: stop here, deprovisioning takes over. */
    @Transactional
    public void cancelled(Claimed job) {
        finishJob(job.jobId(), ProvisioningJob.CANCELLED, null);
    }

    private void finishJob(UUID jobId, String state, String error) {
        ProvisioningJob j = jobs.findById(jobId);
        j.state = state;
        j.lastError = error;
        j.lockedUntil = null;
        j.updatedAt = Instant.now();
    }

    private ProvisioningStep step(UUID jobId, Provisioner p) {
        ProvisioningStep s = steps.forJob(jobId, p.step());
        if (s == null) {
            s = new ProvisioningStep();
            s.id = UUID.randomUUID();
            s.jobId = jobId;
            s.step = p.step();
            s.adapter = p.adapter();
            s.state = ProvisioningStep.PENDING;
            s.updatedAt = Instant.now();
            steps.persist(s);
        }
        s.adapter = p.adapter();
        return s;
    }

    private static String truncate(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
