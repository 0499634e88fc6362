package dev.atrium.scaffolder.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.UnprocessableError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.task.RunState;
import dev.atrium.scaffolder.task.StepExecutor;
import dev.atrium.scaffolder.task.StepOutcome;
import dev.atrium.scaffolder.task.TaskService;
import dev.atrium.scaffolder.task.TaskStatus;
import dev.atrium.scaffolder.template.StepSpec;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one action directly (REST invoke, CLI, MCP) through the same path a template step takes:
 * input schema, the action's permission check, timeout, redaction. The workspace is temporary.
 */
@ApplicationScoped
public class ActionInvoker {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ActionRegistry registry;

    @Inject
    StepExecutor executor;

    @Inject
    ScaffolderConfig config;

    /** The result: output and the log lines written while it ran. */
    public record Invocation(ObjectNode output, ArrayNode log) {
    }

    public Invocation invoke(String actionId, JsonNode input, boolean dryRun, AtriumUser user, String token) {
        ScaffolderAction action = registry.get(actionId);
        if (input == null || !input.isObject()) {
            throw new InputError("The body must be the action's input: a JSON object");
        }
        if (action.id().startsWith("gate:")) {
            throw new InputError(action.id() + " only works inside a task (it waits for a decision or a condition)");
        }
        Map<String, String> secrets = new HashMap<>();
        if (token != null) {
            secrets.put(TaskService.TOKEN_SECRET, token);
        }
        ObjectNode userInfo = JSON.createObjectNode().put("ref", user.userRef());
        RunState state = new RunState("invoke-" + UUID.randomUUID(), JSON.createObjectNode(), userInfo, user, secrets, null, null);
        ArrayNode log = JSON.createArrayNode();
        Path root = config.workspaceRoot().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"), "atrium-scaffolder"));
        try (Workspace ws = Workspace.create(root, "invoke", config.limits().maxWorkspaceBytes(), config.limits().maxWorkspaceFiles())) {
            StepSpec step = new StepSpec("invoke", action.id(), action.id(), input, null, null, List.of(), 0);
            StepOutcome outcome = executor.execute(new StepExecutor.StepRun(step, state, ws, dryRun, null, null,
                    (type, body) -> log.add(body.get("message")), () -> false, true));
            if (TaskStatus.FAILED.equals(outcome.status())) {
                if (outcome.cause() instanceof dev.atrium.commons.error.AtriumError known) {
                    throw known;
                }
                throw new UnprocessableError("Action " + action.id() + " failed: " + outcome.error());
            }
            return new Invocation(outcome.output() == null ? JSON.createObjectNode() : outcome.output(), log);
        }
    }
}
