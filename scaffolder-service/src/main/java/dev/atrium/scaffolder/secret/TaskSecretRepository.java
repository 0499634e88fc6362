package dev.atrium.scaffolder.secret;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** Every statement against {@code task_secrets}. */
@ApplicationScoped
public class TaskSecretRepository implements PanacheRepositoryBase<TaskSecretEntity, UUID> {

    public void save(UUID taskId, byte[] nonce, byte[] ciphertext) {
        TaskSecretEntity e = findById(taskId);
        if (e == null) {
            e = new TaskSecretEntity();
            e.taskId = taskId;
            e.createdAt = Instant.now();
            e.nonce = nonce;
            e.ciphertext = ciphertext;
            persist(e);
        } else {
            e.nonce = nonce;
            e.ciphertext = ciphertext;
        }
    }

    public Optional<TaskSecretEntity> forTask(UUID taskId) {
        return findByIdOptional(taskId);
    }

    public void remove(UUID taskId) {
        deleteById(taskId);
    }

    public long removeAll(Collection<UUID> taskIds) {
        return taskIds.isEmpty() ? 0 : delete("taskId in ?1", taskIds);
    }
}
