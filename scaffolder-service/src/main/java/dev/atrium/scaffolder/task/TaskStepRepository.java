package dev.atrium.scaffolder.task;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every statement against {@code task_steps}. */
@ApplicationScoped
public class TaskStepRepository implements PanacheRepositoryBase<TaskStepEntity, TaskStepEntity.Key> {

    public List<TaskStepEntity> forTask(UUID taskId) {
        return find("key.taskId", Sort.by("position"), taskId).list();
    }

    public Optional<TaskStepEntity> find(UUID taskId, String stepId) {
        return findByIdOptional(new TaskStepEntity.Key(taskId, stepId));
    }
}
