package dev.atrium.scaffolder.task;

import dev.atrium.scaffolder.config.ScaffolderConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * This instance's task workers: claims runnable tasks ({@code SKIP LOCKED}, so any number of
 * replicas share the table), runs up to {@code worker.concurrency} of them on virtual threads and
 * renews their heartbeats. A task whose worker dies is taken over by another after
 * {@code worker.heartbeat-timeout}.
 */
@ApplicationScoped
public class TaskWorker {
    private static final Logger LOG = Logger.getLogger(TaskWorker.class);

    @Inject
    TaskRepository tasks;

    @Inject
    TaskRunner runner;

    @Inject
    ScaffolderConfig config;

    private final Map<UUID, RunControl> running = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean active;
    private volatile String workerId;
    private volatile Semaphore slots;
    private volatile ExecutorService pool;

    void onStart(@Observes StartupEvent event) {
        if (config.worker().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop(true);
    }

    /** Starts claiming tasks under a new worker id. */
    public synchronized void start() {
        if (active) {
            return;
        }
        workerId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        slots = new Semaphore(config.worker().concurrency());
        pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("task-", 0).factory());
        active = true;
        LOG.infof("task worker %s started (%d tasks at a time)", workerId, config.worker().concurrency());
    }

    /**
     * Stops claiming. With {@code release}, running tasks are handed back at once (a graceful
     * shutdown); without, they are abandoned as a killed process would leave them: no more
     * heartbeats, nothing more written, taken over by another worker after the heartbeat timeout.
     */
    public synchronized void stop(boolean release) {
        if (!active) {
            return;
        }
        active = false;
        running.values().forEach(RunControl::stop);
        if (pool != null) {
            pool.shutdownNow();
        }
        if (release && !running.isEmpty()) {
            try {
                tasks.releaseAll(workerId, Set.copyOf(running.keySet()));
            } catch (RuntimeException e) {
                LOG.warnf("could not release tasks of worker %s: %s", workerId, e.getMessage());
            }
        }
        LOG.infof("task worker %s stopped%s", workerId, release ? "" : " without releasing its tasks");
        running.clear();
    }

    public String workerId() {
        return workerId;
    }

    public boolean active() {
        return active;
    }

    /** Asks for a poll now (after a task was created, retried or woken). */
    public void wake() {
        if (active) {
            Thread.ofVirtual().start(this::poll);
        }
    }

    /** Tells a running task here that it was cancelled. */
    public void cancelled(UUID taskId) {
        RunControl c = running.get(taskId);
        if (c != null) {
            c.cancel();
        }
    }

    @Scheduled(every = "${atrium.scaffolder.worker.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll() {
        poll();
    }

    @Scheduled(every = "${atrium.scaffolder.worker.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (!active || running.isEmpty()) {
            return;
        }
        String me = workerId;
        Map<UUID, Boolean> held = tasks.heartbeatInTx(me, Set.copyOf(running.keySet()));
        running.forEach((id, control) -> {
            Boolean cancel = held.get(id);
            if (cancel == null) {
                if (tasks.heldByAnother(id, me)) {
                    LOG.warnf("task %s was taken over by another worker; stopping it here", id);
                    control.stop();
                }
            } else if (cancel) {
                control.cancel();
            }
        });
    }

    /** Claims as many tasks as there are free slots and starts them. */
    public void poll() {
        if (!active || !polling.compareAndSet(false, true)) {
            return;
        }
        try {
            Semaphore s = slots;
            int free = s.availablePermits();
            while (active && free > 0) {
                List<TaskRepository.Claim> claims = tasks.claimInTx(workerId, free, config.worker().heartbeatTimeout());
                if (claims.isEmpty()) {
                    return;
                }
                for (TaskRepository.Claim claim : claims) {
                    s.acquireUninterruptibly();
                    RunControl control = new RunControl();
                    running.put(claim.id(), control);
                    String me = workerId;
                    pool.submit(() -> {
                        control.thread = Thread.currentThread();
                        try {
                            runner.run(claim, me, control);
                        } catch (RuntimeException e) {
                            if (!control.stopped()) {
                                LOG.errorf(e, "task %s: runner failed", claim.id());
                            }
                        } finally {
                            running.remove(claim.id(), control);
                            s.release();
                            if (active) {
                                wake();
                            }
                        }
                    });
                }
                free = s.availablePermits();
            }
        } catch (RuntimeException e) {
            if (active) {
                LOG.warnf("claiming tasks failed: %s", e.getMessage());
            }
        } finally {
            polling.set(false);
        }
    }

    /** Ids of the tasks running on this instance. */
    public Set<UUID> runningTasks() {
        return Set.copyOf(running.keySet());
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                h = "scaffolder";
            }
        }
        return h.length() > 40 ? h.substring(0, 40) : h;
    }
}
