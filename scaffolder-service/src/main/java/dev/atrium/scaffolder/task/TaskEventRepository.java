package dev.atrium.scaffolder.task;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Every statement against {@code task_events}. */
@ApplicationScoped
public class TaskEventRepository implements PanacheRepositoryBase<TaskEventEntity, Long> {

    public TaskEventEntity append(UUID taskId, String type, String body) {
        TaskEventEntity e = new TaskEventEntity();
        e.taskId = taskId;
        e.type = type;
        e.body = body;
        e.createdAt = Instant.now();
        persist(e);
        return e;
    }

    /** Events of a task after {@code afterId}, oldest first. */
    public List<TaskEventEntity> after(UUID taskId, long afterId, int limit) {
        return find("taskId = ?1 and id > ?2", Sort.by("id"), taskId, afterId).page(0, limit).list();
    }

    public long countFor(UUID taskId) {
        return count("taskId", taskId);
    }
}
