package dev.atrium.access.provisioning;

import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.request.RequestService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the provisioning outbox: claims due jobs ({@code SKIP LOCKED}, so any number of replicas share the
 * work), runs each job's steps in order (reverse order to deprovision), skipping steps an earlier attempt
 * finished, and reports the outcome. A failed step leaves the request PROVISIONING with the error on the step,
 * and the job is retried with backoff. An approval wakes the worker at once; otherwise it polls.
 */
@ApplicationScoped
public class ProvisioningWorker {
    private static final Logger LOG = Logger.getLogger(ProvisioningWorker.class);

    @Inject
    AccessConfig config;

    @Inject
    ProvisioningLedger ledger;

    @Inject
    ProvisioningSteps provisioners;

    @Inject
    RequestService requests;

    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService runners = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("provisioning-", 0).factory());
    private volatile boolean stopped;
    private Thread loop;

    void start(@Observes StartupEvent event) {
        loop = Thread.ofVirtual().name("provisioning-loop").start(this::loop);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (loop != null) {
            loop.interrupt();
        }
        runners.shutdownNow();
    }

    void requested(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProvisioningRequested event) {
        wake.release();
    }

    private void loop() {
        while (!stopped) {
            try {
                if (runOnce() == 0) {
                    wake.tryAcquire(config.provisioning().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.warnf("provisioning round failed: %s", e.getMessage());
                    try {
                        Thread.sleep(config.provisioning().pollInterval().toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Claims and runs one batch of due jobs side by side; returns how many were claimed. */
    public int runOnce() throws InterruptedException {
        List<ProvisioningLedger.Claimed> claimed = ledger.claim(config.provisioning().concurrency());
        List<Future<?>> running = new ArrayList<>();
        for (ProvisioningLedger.Claimed job : claimed) {
            running.add(runners.submit(() -> run(job)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.errorf(e.getCause(), "provisioning job crashed");
            }
        }
        return claimed.size();
    }

    void run(ProvisioningLedger.Claimed job) {
        Optional<ProvisioningContext> started = ledger.start(job);
        if (started.isEmpty()) {
            return;
        }
        ProvisioningContext c = started.get();
        List<Provisioner> order = new ArrayList<>(provisioners.steps());
        if (ProvisioningContext.DEPROVISION.equals(job.action())) {
            java.util.Collections.reverse(order);
        }
        for (Provisioner p : order) {
            if (ledger.done(job.jobId(), p.step())) {
                continue;
            }
            if (!requests.stillWanted(c.requestId(), c.action())) {
                ledger.cancelled(job);
                return;
            }
            String result;
            try {
                result = ProvisioningContext.PROVISION.equals(c.action()) ? p.provision(c) : p.deprovision(c);
            } catch (Exception e) {
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                boolean gaveUp = ledger.stepFailed(job.jobId(), c, p, error);
                LOG.infof("%s of request %s: step %s (%s) failed%s: %s", c.action(), c.requestId(), p.step(), p.adapter(),
                        gaveUp ? ", giving up" : ", will retry", error);
                return;
            }
            ledger.stepDone(job.jobId(), c, p, result);
        }
        ledger.finished(job, c);
        LOG.infof("%s of request %s done (%s, %s)", c.action(), c.requestId(), c.team(), c.modelRef());
    }
}
