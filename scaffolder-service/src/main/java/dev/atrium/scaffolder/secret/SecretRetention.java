package dev.atrium.scaffolder.secret;

import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.task.TaskRepository;
import dev.atrium.scaffolder.task.TaskWorkspaceRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deletes the secrets and workspace snapshots of failed tasks once {@code secrets.failed-retention}
 * has passed since they failed: "kept for the task's life" ends when nobody retries it any more.
 * Completed and cancelled tasks lose them when they finish.
 */
@ApplicationScoped
public class SecretRetention {
    private static final Logger LOG = Logger.getLogger(SecretRetention.class);
    private static final int BATCH = 1000;

    @Inject
    TaskRepository tasks;

    @Inject
    TaskSecretRepository secrets;

    @Inject
    TaskWorkspaceRepository workspaces;

    @Inject
    ScaffolderConfig config;

    @Scheduled(every = "${atrium.scaffolder.secrets.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep();
    }

    /** Deletes what failed tasks past the retention still hold; returns how many tasks were swept. */
    @Transactional
    public int sweep() {
        List<UUID> due = tasks.failedHoldingSecrets(Instant.now().minus(config.secrets().failedRetention()), BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        long removed = secrets.removeAll(due);
        long archives = workspaces.removeAll(due);
        if (removed + archives > 0) {
            LOG.infof("deleted the secrets of %d and the workspaces of %d failed tasks past their retention", removed, archives);
        }
        return due.size();
    }
}
