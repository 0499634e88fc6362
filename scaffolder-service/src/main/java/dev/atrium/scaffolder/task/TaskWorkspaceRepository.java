package dev.atrium.scaffolder.task;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Every statement against {@code task_workspaces}. */
@ApplicationScoped
public class TaskWorkspaceRepository implements PanacheRepositoryBase<TaskWorkspaceEntity, UUID> {

    public void save(UUID taskId, byte[] archive, int files, long bytes) {
        TaskWorkspaceEntity e = findById(taskId);
        if (e == null) {
            e = new TaskWorkspaceEntity();
            e.taskId = taskId;
            e.archive = archive;
            e.files = files;
            e.bytes = bytes;
            e.updatedAt = Instant.now();
            persist(e);
        } else {
            e.archive = archive;
            e.files = files;
            e.bytes = bytes;
            e.updatedAt = Instant.now();
        }
    }

    public Optional<byte[]> archive(UUID taskId) {
        return findByIdOptional(taskId).map(e -> e.archive);
    }

    public void remove(UUID taskId) {
        deleteById(taskId);
    }
}
