package dev.atrium.scaffolder.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.task.TaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The DevEx events the scaffolder emits (metrics-service contract: task.finished and
 * survey.answered), written to the outbox inside the caller's transaction.
 */
@ApplicationScoped
public class MetricsEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OutboxRepository outbox;

    @Inject
    ScaffolderConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void taskFinished(TaskEntity task, long durationMs) {
        ObjectNode attributes = JSON.createObjectNode()
                .put("taskId", task.id.toString())
                .put("template", task.templateRef)
                .put("templateOwner", task.templateOwner)
                .put("workflow", task.workflow)
                .put("status", task.status)
                .put("durationMs", durationMs);
        add("task.finished", task, attributes);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void surveyAnswered(TaskEntity task, boolean expected, String improvement) {
        ObjectNode attributes = JSON.createObjectNode()
                .put("survey", "template")
                .put("taskId", task.id.toString())
                .put("template", task.templateRef)
                .put("templateOwner", task.templateOwner)
                .put("expected", expected)
                .put("improvement", improvement)
                .put("taskUrl", config.hubUrl().replaceAll("/+$", "") + "/create/tasks/" + task.id);
        add("survey.answered", task, attributes);
    }

    private void add(String type, TaskEntity task, ObjectNode attributes) {
        UUID id = UUID.randomUUID();
        ObjectNode event = JSON.createObjectNode()
                .put("id", id.toString())
                .put("type", type)
                .put("actor", actor(task.createdBy))
                .put("team", task.createdByTeam)
                .put("time", Instant.now().toString());
        event.set("attributes", attributes);
        outbox.add(id, type, event.toString());
    }

    /** {@code user:default/alice} → {@code alice}. */
    static String actor(String userRef) {
        return userRef == null ? null : userRef.substring(userRef.lastIndexOf('/') + 1);
    }
}
