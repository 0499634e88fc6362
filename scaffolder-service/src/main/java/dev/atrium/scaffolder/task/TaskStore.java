package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.scaffolder.outbox.MetricsEvents;
import dev.atrium.scaffolder.secret.SecretCipher;
import dev.atrium.scaffolder.secret.TaskSecretEntity;
import dev.atrium.scaffolder.secret.TaskSecretRepository;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactions of a task's life. Each method is one transaction; the runner computes a step's
 * outcome without the database and records it here at once (step state, events, workspace), and
 * only while its worker still holds the task.
 */
@ApplicationScoped
public class TaskStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TaskRepository tasks;

    @Inject
    TaskStepRepository steps;

    @Inject
    TaskEventRepository events;

    @Inject
    TaskWorkspaceRepository workspaces;

    @Inject
    TaskSecretRepository secrets;

    @Inject
    SecretCipher cipher;

    @Inject
    MetricsEvents metrics;

    /** A task as a worker needs it to run. */
    public record Loaded(TaskEntity task, List<TaskStepEntity> steps, Optional<TaskSecretEntity> secrets, Optional<byte[]> workspace) {
    }

    @Transactional
    public void create(TaskEntity task, List<TaskStepEntity> stepRows, Map<String, String> secretValues) {
        tasks.persist(task);
        stepRows.forEach(steps::persist);
        SecretCipher.Sealed sealed = cipher.seal(task.id, secretValues);
        secrets.save(task.id, sealed.nonce(), sealed.ciphertext());
    }

    @Transactional
    public Loaded load(UUID id) {
        TaskEntity task = tasks.findById(id);
        if (task == null) {
            return null;
        }
        return new Loaded(task, steps.forTask(id), secrets.forTask(id), workspaces.archive(id));
    }

    public Map<String, String> openSecrets(UUID taskId, TaskSecretEntity sealed) {
        return cipher.open(taskId, sealed.nonce, sealed.ciphertext);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void appendEvent(UUID taskId, String type, ObjectNode body) {
        events.append(taskId, type, body.toString());
    }

    /** Marks a step as running; false when the worker lost the task. */
    @Transactional
    public boolean stepStarted(UUID taskId, String worker, TaskStepEntity.Key key, String name) {
        if (!tasks.touch(taskId, worker)) {
            return false;
        }
        TaskStepEntity step = steps.findById(key);
        step.status = TaskStatus.PROCESSING;
        step.startedAt = Instant.now();
        step.error = null;
        events.append(taskId, "log", StepExecutor.log(key.stepId(), "Beginning step " + name).put("status", TaskStatus.PROCESSING).toString());
        return true;
    }

    /** Records a step's outcome with its events and the workspace it left; false when the worker lost the task. */
    @Transactional
    public boolean recordOutcome(UUID taskId, String worker, StepOutcome outcome, String name, Workspace.Snapshot snapshot) {
        if (!tasks.touch(taskId, worker)) {
            return false;
        }
        TaskStepEntity step = steps.findById(new TaskStepEntity.Key(taskId, outcome.stepId()));
        step.status = outcome.status();
        String message;
        switch (outcome.status()) {
            case TaskStatus.COMPLETED -> {
                step.output = outcome.output() == null ? "{}" : outcome.output().toString();
                step.finishedAt = Instant.now();
                message = "Finished step " + name;
            }
            case TaskStatus.SKIPPED -> {
                step.finishedAt = Instant.now();
                message = "Skipping step " + outcome.stepId() + " because its if condition was false";
            }
            case TaskStatus.WAITING -> {
                ObjectNode gate = gateOf(step);
                gate.set("state", outcome.gateState());
                gate.put("wakeAt", outcome.wakeAt().toString());
                step.gate = gate.toString();
                message = "Step " + name + " is waiting until " + outcome.wakeAt();
            }
            case TaskStatus.CANCELLED -> {
                step.finishedAt = Instant.now();
                message = "Step " + name + " was cancelled";
            }
            default -> {
                step.error = outcome.error();
                step.finishedAt = Instant.now();
                message = outcome.error();
            }
        }
        events.append(taskId, "log", StepExecutor.log(outcome.stepId(), message).put("status", outcome.status()).toString());
        if (snapshot != null) {
            workspaces.save(taskId, snapshot.archive(), snapshot.files(), snapshot.bytes());
        }
        return true;
    }

    /** Resets a step interrupted by a dead worker so it runs again. */
    @Transactional
    public boolean resetInterrupted(UUID taskId, String worker, String stepId, String message) {
        if (!tasks.touch(taskId, worker)) {
            return false;
        }
        TaskStepEntity step = steps.findById(new TaskStepEntity.Key(taskId, stepId));
        step.status = TaskStatus.OPEN;
        step.startedAt = null;
        events.append(taskId, "recovered", StepExecutor.log(stepId, message).toString());
        return true;
    }

    /** Leaves the task to wake at {@code wakeAt} (a waiting gate), holding no worker. */
    @Transactional
    public boolean release(UUID taskId, String worker, Instant wakeAt) {
        TaskEntity task = tasks.findById(taskId);
        if (task == null || !worker.equals(task.claimedBy) || !TaskStatus.PROCESSING.equals(task.status)) {
            return false;
        }
        task.claimedBy = null;
        task.heartbeatAt = null;
        task.wakeAt = wakeAt;
        return true;
    }

    /** Ends the task: status, output, completion event, task.finished for metrics; secrets and workspace go unless it can be retried. */
    @Transactional
    public boolean finish(UUID taskId, String worker, String status, ObjectNode output, String error) {
        TaskEntity task = tasks.findById(taskId);
        if (task == null || (worker != null && !worker.equals(task.claimedBy)) || task.finished()) {
            return false;
        }
        Instant now = Instant.now();
        task.status = status;
        task.finishedAt = now;
        task.claimedBy = null;
        task.heartbeatAt = null;
        task.wakeAt = null;
        task.output = output == null ? null : output.toString();
        task.error = error;
        if (TaskStatus.CANCELLED.equals(status)) {
            for (TaskStepEntity s : steps.forTask(taskId)) {
                if (!TaskStatus.isFinal(s.status) && !TaskStatus.SKIPPED.equals(s.status)) {
                    s.status = TaskStatus.CANCELLED;
                    s.finishedAt = now;
                }
            }
        }
        ObjectNode body = JSON.createObjectNode().put("status", status);
        switch (status) {
            case TaskStatus.COMPLETED -> {
                body.put("message", "Run completed");
                body.set("output", output == null ? JSON.createObjectNode() : output);
            }
            case TaskStatus.CANCELLED -> body.put("message", "Run cancelled");
            default -> {
                body.put("message", "Run failed: " + error);
                body.putObject("error").put("name", "Error").put("message", error);
            }
        }
        events.append(taskId, "completion", body.toString());
        if (!TaskStatus.FAILED.equals(status)) {
            secrets.remove(taskId);
            workspaces.remove(taskId);
        }
        long durationMs = Duration.between(task.createdAt, now).toMillis();
        metrics.taskFinished(task, durationMs);
        return true;
    }

    /** Records an approve/reject decision on a waiting gate step and wakes the task. */
    @Transactional
    public void decide(UUID taskId, String stepId, JsonNode decision) {
        TaskStepEntity step = steps.findById(new TaskStepEntity.Key(taskId, stepId));
        ObjectNode gate = gateOf(step);
        gate.set("decision", decision);
        step.gate = gate.toString();
        TaskEntity task = tasks.findById(taskId);
        task.wakeAt = Instant.now();
        events.append(taskId, "log", StepExecutor.log(stepId, (decision.path("approved").asBoolean() ? "Approved" : "Rejected")
                + " by " + decision.path("by").asText()).toString());
    }

    static ObjectNode gateOf(TaskStepEntity step) {
        try {
            return step.gate == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(step.gate);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
