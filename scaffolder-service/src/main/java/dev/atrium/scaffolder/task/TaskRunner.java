package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.scaffolder.action.ActionRegistry;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.ExpressionError;
import dev.atrium.scaffolder.expression.Expressions;
import dev.atrium.scaffolder.secret.SecretCipher;
import dev.atrium.scaffolder.template.StepSpec;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a claimed task from its stored state: resumes after completed steps, re-runs steps a dead
 * worker interrupted (idempotent actions) or fails the task (others), runs steps whose dependencies
 * are done side by side, parks the task when only gates are waiting, and finishes it.
 */
@ApplicationScoped
public class TaskRunner {
    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TaskStore store;

    @Inject
    StepExecutor executor;

    @Inject
    ActionRegistry actions;

    @Inject
    Expressions expressions;

    @Inject
    ScaffolderConfig config;

    public void run(TaskRepository.Claim claim, String worker, RunControl control) {
        UUID id = claim.id();
        TaskStore.Loaded loaded = store.load(id);
        if (loaded == null || loaded.task().finished()) {
            return;
        }
        JsonNode spec = read(loaded.task().spec);
        List<StepSpec> plan = TaskSpecs.steps(spec);
        Map<String, TaskStepEntity> rows = new HashMap<>();
        loaded.steps().forEach(s -> rows.put(s.stepId(), s));

        boolean interrupted = loaded.steps().stream().anyMatch(r -> TaskStatus.PROCESSING.equals(r.status));
        if (claim.previousWorker() != null || interrupted) {
            if (claim.runs() > config.worker().maxRuns()) {
                store.finish(id, worker, TaskStatus.FAILED, null, "The task lost its worker " + (claim.runs() - 1)
                        + " times; it was failed instead of resumed again");
                return;
            }
            store.appendEvent(id, "recovered", StepExecutor.log(null, "Task taken over by worker " + worker
                    + (claim.previousWorker() != null ? " after worker " + claim.previousWorker() + " stopped sending heartbeats"
                            : " after its previous worker shut down")));
            for (TaskStepEntity row : loaded.steps()) {
                if (TaskStatus.PROCESSING.equals(row.status)) {
                    ScaffolderAction action = actions.find(row.action).orElse(null);
                    if (action != null && action.idempotent()) {
                        if (!store.resetInterrupted(id, worker, row.stepId(), "Step " + row.name
                                + " was interrupted when its worker stopped; running it again (" + row.action + " is idempotent)")) {
                            return;
                        }
                        row.status = TaskStatus.OPEN;
                    } else {
                        store.finish(id, worker, TaskStatus.FAILED, null, "Step " + row.stepId() + " was interrupted when its worker stopped; "
                                + row.action + " is not idempotent, so the task was failed instead of running it twice. Retry the task to run it again.");
                        return;
                    }
                }
            }
        } else if (claim.runs() == 1) {
            store.appendEvent(id, "log", StepExecutor.log(null, "Starting up task with " + plan.size() + " steps"));
        }

        Map<String, String> secrets;
        try {
            secrets = loaded.secrets().map(s -> store.openSecrets(id, s)).orElse(Map.of());
        } catch (SecretCipher.SecretsUnavailable e) {
            store.finish(id, worker, TaskStatus.FAILED, null, e.getMessage());
            return;
        }
        AtriumUser user = TaskSpecs.user(spec);
        RunState state = new RunState(id.toString(), spec.path("parameters"), spec.path("user"), user, secrets,
                spec.path("templateInfo").path("entityRef").asText(null), spec.path("templateInfo").path("baseUrl").asText(null));
        for (TaskStepEntity row : loaded.steps()) {
            if (TaskStatus.COMPLETED.equals(row.status)) {
                state.recordOutput(row.stepId(), (ObjectNode) read(row.output == null ? "{}" : row.output));
            }
        }
        try (Workspace ws = Workspace.create(workspaceRoot(), id.toString(), config.limits().maxWorkspaceBytes(),
                config.limits().maxWorkspaceFiles())) {
            loaded.workspace().ifPresent(ws::restore);
            loop(id, worker, control, plan, rows, state, ws, spec);
        } catch (RuntimeException e) {
            if (!control.stopped()) {
                LOG.errorf(e, "task %s failed in the runner", id);
                store.finish(id, worker, TaskStatus.FAILED, null, "Internal error while running the task: " + e.getClass().getSimpleName());
            }
        }
    }

    private void loop(UUID id, String worker, RunControl control, List<StepSpec> plan, Map<String, TaskStepEntity> rows,
            RunState state, Workspace ws, JsonNode spec) {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CompletionService<StepOutcome> completion = new ExecutorCompletionService<>(pool);
        Set<String> running = new HashSet<>();
        String failure = null;
        String fingerprint = ws.fingerprint();
        try {
            while (true) {
                if (control.stopped()) {
                    return;
                }
                boolean cancelling = control.cancelRequested();
                if (failure == null && !cancelling) {
                    for (StepSpec step : plan) {
                        if (running.size() >= config.worker().stepParallelism()) {
                            break;
                        }
                        TaskStepEntity row = rows.get(step.id());
                        if (running.contains(step.id()) || !runnable(row) || !depsDone(step, rows)) {
                            continue;
                        }
                        JsonNode gate = TaskStore.gateOf(row);
                        boolean resuming = TaskStatus.WAITING.equals(row.status);
                        if (!resuming && !store.stepStarted(id, worker, row.key, row.name)) {
                            return;
                        }
                        row.status = TaskStatus.PROCESSING;
                        running.add(step.id());
                        StepExecutor.StepRun run = new StepExecutor.StepRun(step, state, ws, false,
                                gate.has("state") ? gate.get("state") : null, gate.has("decision") ? gate.get("decision") : null,
                                (type, body) -> store.appendEvent(id, type, body),
                                () -> control.cancelRequested() || control.stopped());
                        completion.submit(() -> executor.execute(run));
                    }
                }
                if (running.isEmpty()) {
                    break;
                }
                Future<StepOutcome> done;
                try {
                    done = completion.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (done == null) {
                    continue;
                }
                StepOutcome outcome;
                try {
                    outcome = done.get();
                } catch (Exception e) {
                    return;
                }
                if (control.stopped()) {
                    return;
                }
                running.remove(outcome.stepId());
                TaskStepEntity row = rows.get(outcome.stepId());
                Workspace.Snapshot snapshot = null;
                String now = ws.fingerprint();
                if (!now.equals(fingerprint) && running.isEmpty()) {
                    try {
                        snapshot = ws.snapshot();
                        fingerprint = now;
                    } catch (RuntimeException e) {
                        outcome = StepOutcome.failed(outcome.stepId(), StepExecutor.describe(e));
                    }
                }
                if (!store.recordOutcome(id, worker, outcome, row.name, snapshot)) {
                    return;
                }
                row.status = outcome.status();
                if (TaskStatus.WAITING.equals(outcome.status())) {
                    ObjectNode gate = TaskStore.gateOf(row);
                    gate.set("state", outcome.gateState());
                    gate.put("wakeAt", outcome.wakeAt().toString());
                    row.gate = gate.toString();
                }
                if (TaskStatus.COMPLETED.equals(outcome.status())) {
                    state.recordOutput(outcome.stepId(), outcome.output());
                } else if (TaskStatus.FAILED.equals(outcome.status()) && failure == null) {
                    failure = "Step " + outcome.stepId() + " failed: " + outcome.error();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (control.cancelRequested()) {
            store.finish(id, worker, TaskStatus.CANCELLED, null, null);
            return;
        }
        if (failure != null) {
            store.finish(id, worker, TaskStatus.FAILED, null, failure);
            return;
        }
        Instant wake = null;
        for (TaskStepEntity row : rows.values()) {
            if (TaskStatus.WAITING.equals(row.status)) {
                Instant w = Instant.parse(TaskStore.gateOf(row).path("wakeAt").asText());
                wake = wake == null || w.isBefore(wake) ? w : wake;
            }
        }
        if (wake != null) {
            store.release(id, worker, wake);
            return;
        }
        boolean allDone = rows.values().stream().allMatch(r -> TaskStatus.stepDone(r.status));
        if (!allDone) {
            store.finish(id, worker, TaskStatus.FAILED, null, "Some steps could not run");
            return;
        }
        try {
            JsonNode output = expressions.engine().renderValue(spec.path("output"), StepExecutor.context(state, false, null));
            ObjectNode out = output.isObject() ? (ObjectNode) state.redactor().redact(output) : JSON.createObjectNode();
            store.finish(id, worker, TaskStatus.COMPLETED, out, null);
        } catch (ExpressionError e) {
            store.finish(id, worker, TaskStatus.FAILED, null, "Output could not be rendered: " + e.getMessage());
        }
    }

    /** A step that may start now: open, or a waiting gate whose time has come or that has a decision. */
    private static boolean runnable(TaskStepEntity row) {
        if (TaskStatus.OPEN.equals(row.status)) {
            return true;
        }
        if (TaskStatus.WAITING.equals(row.status)) {
            JsonNode gate = TaskStore.gateOf(row);
            if (gate.hasNonNull("decision")) {
                return true;
            }
            String wake = gate.path("wakeAt").asText(null);
            return wake == null || !Instant.parse(wake).isAfter(Instant.now());
        }
        return false;
    }

    private static boolean depsDone(StepSpec step, Map<String, TaskStepEntity> rows) {
        for (String d : step.dependsOn()) {
            TaskStepEntity dep = rows.get(d);
            if (dep == null || !TaskStatus.stepDone(dep.status)) {
                return false;
            }
        }
        return true;
    }

    Path workspaceRoot() {
        return config.workspaceRoot().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"), "atrium-scaffolder"));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored task JSON is unreadable", e);
        }
    }
}
