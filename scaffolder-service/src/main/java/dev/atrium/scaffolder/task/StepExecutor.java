package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionRegistry;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.action.builtin.GateApprovalAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.ExpressionEngine;
import dev.atrium.scaffolder.expression.ExpressionError;
import dev.atrium.scaffolder.expression.Expressions;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.template.StepSpec;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one step: evaluates {@code if} and {@code each}, renders the input, validates it against the
 * action's schema, checks the action's permission and runs the action with a timeout. It writes
 * nothing itself: events go to the {@link EventSink}, the result is a {@link StepOutcome}.
 */
@ApplicationScoped
public class StepExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ActionRegistry actions;

    @Inject
    Expressions expressions;

    @Inject
    ScaffolderConfig config;

    /** Per-run inputs of one step execution. */
    public record StepRun(StepSpec step, RunState state, Workspace workspace, boolean dryRun, JsonNode gateState,
            JsonNode gateDecision, EventSink sink, BooleanSupplier cancelled, boolean literalInput) {

        public StepRun(StepSpec step, RunState state, Workspace workspace, boolean dryRun, JsonNode gateState,
                JsonNode gateDecision, EventSink sink, BooleanSupplier cancelled) {
            this(step, state, workspace, dryRun, gateState, gateDecision, sink, cancelled, false);
        }
    }

    public StepOutcome execute(StepRun run) {
        StepSpec step = run.step();
        RunState state = run.state();
        ExpressionEngine engine = expressions.engine();
        try {
            Map<String, Object> context = context(state, false, null);
            if (step.ifCondition() != null) {
                JsonNode condition = step.ifCondition().isTextual()
                        ? engine.renderValue(step.ifCondition(), context) : step.ifCondition();
                if (!ExpressionEngine.truthy(condition)) {
                    return StepOutcome.skipped(step.id());
                }
            }
            ScaffolderAction action = actions.get(step.action());
            List<Map.Entry<String, JsonNode>> items = eachItems(step, engine, context);
            if (items == null) {
                ActionResult result = runAction(action, step, run, null);
                if (result.waiting()) {
                    return StepOutcome.waiting(step.id(), result.wakeAt(), result.gateState());
                }
                return StepOutcome.completed(step.id(), (ObjectNode) state.redactor().redact(result.output()));
            }
            // each: the step runs once per item; every output key becomes an array of the runs' values
            ObjectNode merged = JSON.createObjectNode();
            List<ObjectNode> results = new ArrayList<>();
            for (Map.Entry<String, JsonNode> item : items) {
                ActionResult result = runAction(action, step, run, item);
                if (result.waiting()) {
                    throw new InputError("Gate actions cannot be used with each:");
                }
                results.add(result.output());
            }
            for (ObjectNode r : results) {
                r.fieldNames().forEachRemaining(k -> {
                    if (!merged.has(k)) {
                        merged.putArray(k);
                    }
                });
            }
            for (ObjectNode r : results) {
                merged.fieldNames().forEachRemaining(k -> ((ArrayNode) merged.get(k)).add(r.has(k) ? r.get(k) : JsonNodeFactory.instance.nullNode()));
            }
            return StepOutcome.completed(step.id(), (ObjectNode) state.redactor().redact(merged));
        } catch (Cancelled e) {
            return StepOutcome.cancelled(step.id());
        } catch (RuntimeException e) {
            return StepOutcome.failed(step.id(), state.redactor().redact(describe(e)), e);
        }
    }

    private ActionResult runAction(ScaffolderAction action, StepSpec step, StepRun run, Map.Entry<String, JsonNode> item) {
        RunState state = run.state();
        Map<String, Object> inputContext = context(state, true, item);
        JsonNode input = run.literalInput() ? step.input() : expressions.engine().renderValue(step.input(), inputContext);
        if (input.isMissingNode()) {
            input = JSON.createObjectNode();
        }
        List<FieldError> errors = SchemaValidator.errors(action.inputSchema(), input, "input", "input schema of " + action.id());
        if (!errors.isEmpty()) {
            throw new InputError("Invalid input passed to action " + action.id() + ": "
                    + errors.stream().map(f -> f.field() + " " + f.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        action.authorize(state.user, input);
        if (run.dryRun() && !action.supportsDryRun()) {
            run.sink().event("log", log(step.id(), "Skipping because " + action.id() + " does not support dry-run"));
            return ActionResult.done(exampleOutput(action.outputSchema(), step.id()));
        }
        if (run.cancelled().getAsBoolean()) {
            throw new Cancelled();
        }
        ActionContext ctx = new Context(step.id(), state, run, state.redactor());
        JsonNode finalInput = input;
        FutureTask<ActionResult> task = new FutureTask<>(() -> action.execute(ctx, finalInput));
        Thread.ofVirtual().name("step-" + step.id()).start(task);
        try {
            return task.get(config.limits().stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new StepFailure("Step " + step.id() + " did not finish within " + config.limits().stepTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new Cancelled();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StepFailure(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    private List<Map.Entry<String, JsonNode>> eachItems(StepSpec step, ExpressionEngine engine, Map<String, Object> context) {
        if (step.each() == null) {
            return null;
        }
        JsonNode each = step.each().isTextual() ? engine.renderValue(step.each(), context) : step.each();
        List<Map.Entry<String, JsonNode>> items = new ArrayList<>();
        if (each.isArray()) {
            for (int i = 0; i < each.size(); i++) {
                items.add(Map.entry(String.valueOf(i), each.get(i)));
            }
        } else if (each.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = each.fields();
            it.forEachRemaining(items::add);
        } else {
            throw new InputError("each: of step " + step.id() + " must be a list or an object");
        }
        if (items.size() > config.limits().maxEachItems()) {
            throw new InputError("each: of step " + step.id() + " has " + items.size() + " items, over the limit of "
                    + config.limits().maxEachItems());
        }
        return items;
    }

    /** The expression context; secrets only for action inputs, as in Backstage. */
    public static Map<String, Object> context(RunState state, boolean withSecrets, Map.Entry<String, JsonNode> item) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("parameters", state.parameters);
        ObjectNode steps = JSON.createObjectNode();
        state.outputs.forEach((id, out) -> steps.putObject(id).set("output", out));
        values.put("steps", steps);
        values.put("user", state.userInfo);
        values.put("context", JSON.createObjectNode().set("task", JSON.createObjectNode().put("id", state.taskId)));
        if (withSecrets) {
            values.put("secrets", JSON.valueToTree(state.secrets));
        }
        if (item != null) {
            values.put("each", JSON.createObjectNode().put("key", item.getKey()).set("value", item.getValue()));
        }
        return ExpressionEngine.context(values);
    }

    /** Example output for a skipped dry-run step, from the output schema's properties. */
    static ObjectNode exampleOutput(JsonNode schema, String stepId) {
        ObjectNode out = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        while (it.hasNext()) {
            var p = it.next();
            switch (p.getValue().path("type").asText("string")) {
                case "boolean" -> out.put(p.getKey(), true);
                case "integer", "number" -> out.put(p.getKey(), 0);
                case "array" -> out.putArray(p.getKey());
                case "object" -> out.putObject(p.getKey());
                default -> out.put(p.getKey(), "dry-run-" + stepId + "-" + p.getKey());
            }
        }
        return out;
    }

    static ObjectNode log(String stepId, String message) {
        ObjectNode body = JSON.createObjectNode().put("message", message);
        if (stepId != null) {
            body.put("stepId", stepId);
        }
        return body;
    }

    static String describe(Throwable e) {
        if (e instanceof ExpressionError) {
            return "Template expression error: " + e.getMessage();
        }
        if (e instanceof AtriumError || e instanceof StepFailure || e instanceof GateApprovalAction.GateRejected) {
            return e.getMessage();
        }
        if (e instanceof java.io.UncheckedIOException u) {
            return "I/O error: " + u.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A step that failed for a reason the action did not classify. */
    static final class StepFailure extends RuntimeException {
        StepFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The task was cancelled before or while the step ran. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** The action's view of the run. */
    private final class Context implements ActionContext {
        private final String stepId;
        private final RunState state;
        private final StepRun run;
        private final dev.atrium.scaffolder.secret.Redactor redactor;
        private int logged;

        Context(String stepId, RunState state, StepRun run, dev.atrium.scaffolder.secret.Redactor redactor) {
            this.stepId = stepId;
            this.state = state;
            this.run = run;
            this.redactor = redactor;
        }

        @Override
        public String taskId() {
            return state.taskId;
        }

        @Override
        public String stepId() {
            return stepId;
        }

        @Override
        public Path workspace() {
            return run.workspace().root();
        }

        @Override
        public synchronized void log(String message) {
            if (++logged > config.limits().maxEvents()) {
                return;
            }
            String m = redactor.redact(message == null ? "" : message);
            int max = config.limits().maxLogMessage();
            run.sink().event("log", StepExecutor.log(stepId, m.length() > max ? m.substring(0, max) + "…" : m));
        }

        @Override
        public AtriumUser user() {
            return state.user;
        }

        @Override
        public Optional<String> userToken() {
            return state.userToken();
        }

        @Override
        public Map<String, String> secrets() {
            return state.secrets;
        }

        @Override
        public boolean dryRun() {
            return run.dryRun();
        }

        @Override
        public Optional<String> templateLocation() {
            return Optional.ofNullable(state.templateLocation);
        }

        @Override
        public Optional<String> templateRef() {
            return Optional.ofNullable(state.templateRef);
        }

        @Override
        public boolean cancelled() {
            return run.cancelled().getAsBoolean() || Thread.currentThread().isInterrupted();
        }

        @Override
        public JsonNode gateState() {
            return run.gateState();
        }

        @Override
        public JsonNode gateDecision() {
            return run.gateDecision();
        }
    }
}
