package dev.atrium.scaffolder.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.Expressions;
import dev.atrium.scaffolder.task.RunState;
import dev.atrium.scaffolder.task.StepExecutor;
import dev.atrium.scaffolder.task.StepOutcome;
import dev.atrium.scaffolder.task.TaskService;
import dev.atrium.scaffolder.task.TaskStatus;
import dev.atrium.scaffolder.template.StepSpec;
import dev.atrium.scaffolder.template.TemplateSpec;
import dev.atrium.scaffolder.workspace.SkeletonSource;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a template in a temporary workspace with nothing persisted and no side effects outside it:
 * actions that support dry runs run, the others are skipped with example outputs. Returns the
 * files, the log, the steps and their outputs (Backstage's dry-run response plus {@code stepOutputs}).
 */
@ApplicationScoped
public class DryRunService {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StepExecutor executor;

    @Inject
    Expressions expressions;

    @Inject
    SkeletonSource skeletons;

    @Inject
    ScaffolderConfig config;

    /** Files of the template's directory sent with a dry run. */
    public record TemplateFile(String path, String base64Content) {
    }

    /** Dry-runs a template sent in the request, with the directory it came from. */
    public ObjectNode run(TemplateSpec template, JsonNode values, Map<String, String> secrets, List<TemplateFile> directory,
            AtriumUser user, String token) {
        Path root = workspaceRoot().resolve("dry-run-templates");
        try (Workspace templateDir = Workspace.create(root, "template", config.limits().maxWorkspaceBytes(), config.limits().maxWorkspaceFiles())) {
            long total = 0;
            for (TemplateFile f : directory == null ? List.<TemplateFile>of() : directory) {
                if (f == null || f.path() == null) {
                    throw new InputError("directoryContents entries need a path");
                }
                Path target = templateDir.resolve(f.path());
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(f.base64Content() == null ? "" : f.base64Content());
                } catch (IllegalArgumentException e) {
                    throw new InputError("directoryContents " + f.path() + " is not base64");
                }
                total += bytes.length;
                if (total > config.limits().maxWorkspaceBytes()) {
                    throw new PayloadTooLargeError("directoryContents are over " + config.limits().maxWorkspaceBytes() + " bytes");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            }
            skeletons.allowTemporaryRoot(templateDir.root());
            try {
                return run(template, values, secrets, "file:" + templateDir.root().resolve("template.yaml"), user, token);
            } finally {
                skeletons.forgetTemporaryRoot(templateDir.root());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Dry-runs a template whose skeletons resolve against {@code location}. */
    public ObjectNode run(TemplateSpec template, JsonNode values, Map<String, String> givenSecrets, String location,
            AtriumUser user, String token) {
        ObjectNode parameters = values == null || !values.isObject() ? JSON.createObjectNode() : (ObjectNode) values.deepCopy();
        Map<String, String> secrets = new HashMap<>(givenSecrets == null ? Map.of() : givenSecrets);
        TaskService.validate(template, parameters, secrets);
        for (String name : template.secretParameters()) {
            JsonNode v = parameters.remove(name);
            if (v != null && !v.isNull()) {
                secrets.put(name, v.asText());
            }
        }
        if (token != null) {
            secrets.put(TaskService.TOKEN_SECRET, token);
        }
        ObjectNode userInfo = JSON.createObjectNode().put("ref", user.userRef());
        userInfo.putObject("entity").put("kind", "User").putObject("metadata").put("name", user.username());
        RunState state = new RunState("dry-run-" + UUID.randomUUID(), parameters, userInfo, user, secrets, template.entityRef(), location);
        ArrayNode log = JSON.createArrayNode();
        ArrayNode steps = JSON.createArrayNode();
        ObjectNode stepOutputs = JSON.createObjectNode();
        try (Workspace ws = Workspace.create(workspaceRoot(), "dry-run", config.limits().maxWorkspaceBytes(), config.limits().maxWorkspaceFiles())) {
            Map<String, String> status = new HashMap<>();
            boolean failed = false;
            for (StepSpec step : order(template.steps())) {
                ObjectNode stepJson = steps.addObject().put("id", step.id()).put("name", step.name()).put("action", step.action());
                if (failed) {
                    stepJson.put("status", TaskStatus.SKIPPED);
                    continue;
                }
                log.addObject().set("body", JSON.createObjectNode().put("message", "Beginning step " + step.name())
                        .put("stepId", step.id()).put("status", TaskStatus.PROCESSING));
                StepOutcome outcome = executor.execute(new StepExecutor.StepRun(step, state, ws, true, null, null,
                        (type, body) -> log.addObject().set("body", body), () -> false));
                String s = outcome.status();
                if (TaskStatus.WAITING.equals(s)) {
                    s = TaskStatus.COMPLETED;
                }
                status.put(step.id(), s);
                stepJson.put("status", s);
                String message = switch (s) {
                    case TaskStatus.COMPLETED -> "Finished step " + step.name();
                    case TaskStatus.SKIPPED -> "Skipping step " + step.id() + " because its if condition was false";
                    default -> outcome.error();
                };
                log.addObject().set("body", JSON.createObjectNode().put("message", message).put("stepId", step.id()).put("status", s));
                if (outcome.output() != null) {
                    state.recordOutput(step.id(), outcome.output());
                    stepOutputs.set(step.id(), outcome.output());
                }
                if (TaskStatus.FAILED.equals(s)) {
                    failed = true;
                }
            }
            ObjectNode out = JSON.createObjectNode();
            out.set("log", log);
            ArrayNode files = out.putArray("directoryContents");
            for (Workspace.FileContent f : ws.contents(config.limits().maxDryRunFiles())) {
                files.addObject().put("path", f.path()).put("base64Content", Base64.getEncoder().encodeToString(f.content()))
                        .put("executable", f.executable());
            }
            JsonNode output = failed ? JSON.createObjectNode()
                    : expressions.engine().renderValue(template.output(), StepExecutor.context(state, false, null));
            out.set("output", state.redactor().redact(output.isObject() ? output : JSON.createObjectNode()));
            out.set("steps", steps);
            out.set("stepOutputs", stepOutputs);
            out.put("status", failed ? TaskStatus.FAILED : TaskStatus.COMPLETED);
            return out;
        }
    }

    /** Steps in an order that respects their dependencies (stable: template order among ready steps). */
    static List<StepSpec> order(List<StepSpec> steps) {
        List<StepSpec> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        List<StepSpec> left = new ArrayList<>(steps);
        while (!left.isEmpty()) {
            StepSpec next = left.stream().filter(s -> done.containsAll(s.dependsOn())).findFirst()
                    .orElseThrow(() -> new InputError("steps form a cycle"));
            out.add(next);
            done.add(next.id());
            left.remove(next);
        }
        return out;
    }

    Path workspaceRoot() {
        return config.workspaceRoot().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"), "atrium-scaffolder"));
    }
}
