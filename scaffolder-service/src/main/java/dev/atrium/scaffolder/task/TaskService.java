package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import dev.atrium.scaffolder.action.ActionRegistry;
import dev.atrium.scaffolder.catalog.CatalogClient;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.TemplateFilters;
import dev.atrium.scaffolder.outbox.MetricsEvents;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.secret.SecretCipher;
import dev.atrium.scaffolder.secret.TaskSecretRepository;
import dev.atrium.scaffolder.survey.SurveyEntity;
import dev.atrium.scaffolder.survey.SurveyRepository;
import dev.atrium.scaffolder.template.StepSpec;
import dev.atrium.scaffolder.template.TemplateParser;
import dev.atrium.scaffolder.template.TemplateSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Task life cycle behind the REST API: create (template from the catalog, parameters validated,
 * secrets split off and encrypted), read, list, cancel, retry from the failed step, approve/reject
 * gates and answer the survey. Who may see or change a task: its creator, the template's owner
 * group and platform admins.
 */
@ApplicationScoped
public class TaskService {
    /** Secret under which the caller's bearer token is kept for the task's actions (as Backstage's backstageToken). */
    public static final String TOKEN_SECRET = "backstageToken";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SECRETS = 50;
    private static final int MAX_SECRET_CHARS = 16384;
    private static final int MAX_IMPROVEMENT_CHARS = 2000;

    @Inject
    CatalogClient catalog;

    @Inject
    ActionRegistry actions;

    @Inject
    ScaffolderConfig config;

    @Inject
    TaskStore store;

    @Inject
    TaskRepository tasks;

    @Inject
    TaskStepRepository steps;

    @Inject
    TaskEventRepository events;

    @Inject
    TaskSecretRepository secrets;

    @Inject
    SecretCipher cipher;

    @Inject
    SurveyRepository surveys;

    @Inject
    MetricsEvents metrics;

    @Inject
    TaskWorker worker;

    /** {@code [kind:][namespace/]name} with default kind template; anything but a Template is refused. */
    public static String[] templateRef(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InputError("templateRef is required", List.of(FieldError.of("templateRef", "is required")));
        }
        Map<String, Object> parsed;
        try {
            parsed = TemplateFilters.parseEntityRef(ref, "template", "default");
        } catch (RuntimeException e) {
            throw new InputError("templateRef " + ref + " is not an entity ref", List.of(FieldError.of("templateRef", "not an entity ref")));
        }
        if (!"template".equals(parsed.get("kind"))) {
            throw new InputError("templateRef must refer to a Template, not a " + parsed.get("kind"),
                    List.of(FieldError.of("templateRef", "must be a template ref")));
        }
        return new String[] {(String) parsed.get("namespace"), (String) parsed.get("name")};
    }

    /** Loads and checks a template from the catalog with the caller's token. */
    public TemplateSpec template(String namespace, String name, String token) {
        JsonNode entity = catalog.template(namespace, name, token);
        return TemplateParser.parse(entity, actions, config.limits().maxSteps());
    }

    /** Validates parameters (every page) and secrets; throws a 400 with field errors. */
    public static void validate(TemplateSpec template, JsonNode values, Map<String, String> secretValues) {
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode page : template.parameterPages()) {
            errors.addAll(SchemaValidator.errors(page, values, "values", "parameter schema"));
        }
        if (template.secretsSchema() != null && template.secretsSchema().isObject()) {
            errors.addAll(SchemaValidator.errors(template.secretsSchema(), JSON.valueToTree(secretValues), "secrets", "secrets schema"));
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid parameters: " + errors.get(0).field() + " " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors.stream().distinct().toList());
        }
    }

    static Map<String, String> checkSecrets(Map<String, String> given) {
        Map<String, String> out = new HashMap<>();
        if (given == null) {
            return out;
        }
        if (given.size() > MAX_SECRETS) {
            throw new PayloadTooLargeError("At most " + MAX_SECRETS + " secrets per task");
        }
        given.forEach((k, v) -> {
            if (k == null || !k.matches("[A-Za-z0-9_.-]{1,100}")) {
                throw new InputError("Secret names are 1-100 letters, digits, '_', '.' or '-'", List.of(FieldError.of("secrets", "bad name")));
            }
            if (v != null && v.length() > MAX_SECRET_CHARS) {
                throw new PayloadTooLargeError("Secret " + k + " is longer than " + MAX_SECRET_CHARS + " characters");
            }
            if (!TOKEN_SECRET.equals(k) && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    public UUID create(String templateRef, JsonNode values, Map<String, String> givenSecrets, AtriumUser user, String token) {
        String[] ref = templateRef(templateRef);
        if (values != null && !values.isObject() && !values.isNull()) {
            throw new InputError("values must be an object", List.of(FieldError.of("values", "must be an object")));
        }
        ObjectNode parameters = values == null || values.isNull() ? JSON.createObjectNode() : (ObjectNode) values.deepCopy();
        Map<String, String> secretValues = checkSecrets(givenSecrets);
        TemplateSpec template = template(ref[0], ref[1], token);
        validate(template, parameters, secretValues);
        // Secret parameters go to the encrypted secrets, never into the stored spec.
        for (String name : template.secretParameters()) {
            JsonNode v = parameters.remove(name);
            if (v != null && !v.isNull()) {
                secretValues.put(name, v.isTextual() ? v.asText() : v.toString());
            }
        }
        if (token != null) {
            secretValues.put(TOKEN_SECRET, token);
        }
        JsonNode userEntity = catalog.entity("user", "default", user.username().toLowerCase(Locale.ROOT), token)
                .orElseGet(() -> syntheticUser(user));

        TaskEntity task = new TaskEntity();
        task.id = UUID.randomUUID();
        task.templateRef = template.entityRef();
        task.templateOwner = template.owner();
        task.workflow = template.workflow();
        task.spec = TaskSpecs.build(template, parameters, userEntity, user).toString();
        task.status = TaskStatus.OPEN;
        task.createdBy = user.userRef();
        task.createdByTeam = team(user);
        task.createdAt = Instant.now();
        List<TaskStepEntity> rows = new ArrayList<>();
        for (StepSpec s : template.steps()) {
            TaskStepEntity row = new TaskStepEntity();
            row.key = new TaskStepEntity.Key(task.id, s.id());
            row.position = s.position();
            row.name = s.name();
            row.action = s.action();
            row.status = TaskStatus.OPEN;
            rows.add(row);
        }
        store.create(task, rows, secretValues);
        worker.wake();
        return task.id;
    }

    static JsonNode syntheticUser(AtriumUser user) {
        ObjectNode e = JSON.createObjectNode().put("apiVersion", "backstage.io/v1alpha1").put("kind", "User");
        e.putObject("metadata").put("name", user.username().toLowerCase(Locale.ROOT)).put("namespace", "default");
        var memberOf = e.putObject("spec").putArray("memberOf");
        user.groupRefs().stream().sorted().forEach(memberOf::add);
        return e;
    }

    /** The team a task counts for in DevEx metrics: the user's first team by name. */
    static String team(AtriumUser user) {
        return user.groupRefs().stream().sorted().findFirst().map(g -> g.substring(g.indexOf('/') + 1)).orElse(null);
    }

    /** A task the caller may see; 404 when it does not exist, 403 when it is someone else's. */
    @Transactional
    public TaskEntity readable(UUID id, AtriumUser user) {
        TaskEntity task = tasks.findById(id);
        if (task == null) {
            throw new NotFoundError("Task with id " + id + " does not exist");
        }
        if (!canSee(task, user)) {
            throw new NotAllowedError("Only the task's creator, the template's owners and platform admins may see task " + id);
        }
        return task;
    }

    public static boolean canSee(TaskEntity task, AtriumUser user) {
        return user.platformAdmin() || user.userRef().equals(task.createdBy) || Policy.canEdit(user, task.templateOwner, null);
    }

    @Transactional
    public ObjectNode get(UUID id, AtriumUser user) {
        TaskEntity task = readable(id, user);
        return TaskJson.task(task, steps.forTask(id), surveys.findById(id) != null);
    }

    @Transactional
    public ObjectNode list(List<String> createdBy, List<String> status, String order, Integer limit, Integer offset, AtriumUser user) {
        int max = config.limits().maxPageSize();
        int l = limit == null ? max : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > max || o < 0) {
            throw new InputError("limit must be 1.." + max + " and offset 0 or more");
        }
        for (String s : status == null ? List.<String>of() : status) {
            if (!List.of("open", "processing", "completed", "failed", "cancelled").contains(s)) {
                throw new InputError("Unknown status " + s, List.of(FieldError.of("status", "unknown status " + s)));
            }
        }
        String field = "createdAt";
        boolean ascending = false;
        if (order != null && !order.isBlank()) {
            String[] parts = order.split(":", 2);
            if (parts.length != 2 || !List.of("asc", "desc").contains(parts[0])) {
                throw new InputError("order must be asc:<field> or desc:<field>");
            }
            ascending = parts[0].equals("asc");
            field = switch (parts[1]) {
                case "created_at", "createdAt" -> "createdAt";
                case "status" -> "status";
                case "created_by", "createdBy" -> "createdBy";
                default -> throw new InputError("order field must be created_at, status or created_by");
            };
        }
        List<String> creators = createdBy == null ? List.of() : createdBy.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        // Non-admins see their own tasks and those of templates their teams own; filtering happens here,
        // over a bounded window, so counts stay correct for what the caller may see.
        List<TaskEntity> page;
        long total;
        if (user.platformAdmin()) {
            page = tasks.list(creators, status, field, ascending, l, o);
            total = tasks.countMatching(creators, status);
        } else {
            List<TaskEntity> visible = tasks.visible(creators, status, field, ascending, user.userRef(), List.copyOf(user.groupRefs()), l, o);
            page = visible;
            total = tasks.countVisible(creators, status, user.userRef(), List.copyOf(user.groupRefs()));
        }
        ObjectNode out = JSON.createObjectNode();
        var arr = out.putArray("tasks");
        page.forEach(t -> arr.add(TaskJson.task(t, null, false)));
        out.put("totalTasks", total);
        return out;
    }

    @Transactional
    public List<TaskEventEntity> events(UUID id, long after, AtriumUser user, int limit) {
        readable(id, user);
        return events.after(id, after, limit);
    }

    /** Asks a task to stop: open tasks are cancelled at once, running ones at their next step. */
    @Transactional
    public void cancel(UUID id, AtriumUser user) {
        TaskEntity task = readable(id, user);
        if (task.finished()) {
            throw new ConflictError("Task " + id + " is already " + task.status);
        }
        task.cancelRequested = true;
        events.append(id, "cancelled", StepExecutor.log(null, "Cancellation requested by " + user.username()).toString());
        if (task.claimedBy == null) {
            store.finish(id, null, TaskStatus.CANCELLED, null, null);
        } else {
            worker.cancelled(id);
        }
    }

    /** Runs a failed or cancelled task again from the first step that did not finish. */
    @Transactional
    public void retry(UUID id, AtriumUser user, Map<String, String> newSecrets, String token) {
        TaskEntity task = readable(id, user);
        if (!TaskStatus.FAILED.equals(task.status) && !TaskStatus.CANCELLED.equals(task.status)) {
            throw new ConflictError("Only failed or cancelled tasks can be retried; task " + id + " is " + task.status);
        }
        if (!user.platformAdmin() && !user.userRef().equals(task.createdBy)) {
            throw new NotAllowedError("Only the task's creator or a platform admin may retry task " + id);
        }
        Map<String, String> merged = new HashMap<>();
        secrets.forTask(id).ifPresent(s -> {
            try {
                merged.putAll(cipher.open(id, s.nonce, s.ciphertext));
            } catch (SecretCipher.SecretsUnavailable ignored) {
                // retried without the old secrets
            }
        });
        merged.putAll(checkSecrets(newSecrets));
        if (token != null) {
            merged.put(TOKEN_SECRET, token);
        }
        SecretCipher.Sealed sealed = cipher.seal(id, merged);
        secrets.save(id, sealed.nonce(), sealed.ciphertext());
        String from = null;
        for (TaskStepEntity s : steps.forTask(id)) {
            if (!TaskStatus.stepDone(s.status)) {
                if (from == null) {
                    from = s.stepId();
                }
                s.status = TaskStatus.OPEN;
                s.error = null;
                s.startedAt = null;
                s.finishedAt = null;
                s.gate = null;
            }
        }
        task.status = TaskStatus.OPEN;
        task.error = null;
        task.output = null;
        task.finishedAt = null;
        task.cancelRequested = false;
        task.claimedBy = null;
        task.heartbeatAt = null;
        task.wakeAt = null;
        task.runs = 0;
        events.append(id, "recovered", StepExecutor.log(null, "Retrying task" + (from == null ? "" : " from step " + from)
                + " (requested by " + user.username() + ")").toString());
        worker.wake();
    }

    /** Approves or rejects a waiting gate:approval step; only members of its approver group (or admins) may. */
    @Transactional
    public void decide(UUID id, String stepId, boolean approve, String comment, AtriumUser user) {
        TaskEntity task = readable(id, user);
        TaskStepEntity step = steps.find(id, stepId).orElseThrow(() -> new NotFoundError("Task " + id + " has no step " + stepId));
        if (!"gate:approval".equals(step.action)) {
            throw new InputError("Step " + stepId + " is not a gate:approval step");
        }
        if (!TaskStatus.WAITING.equals(step.status) || task.finished()) {
            throw new ConflictError("Step " + stepId + " is not waiting for a decision (it is " + step.status + ")");
        }
        JsonNode gate = TaskStore.gateOf(step);
        if (gate.hasNonNull("decision")) {
            throw new ConflictError("Step " + stepId + " has already been decided");
        }
        String approvers = gate.path("state").path("approvers").asText();
        if (!Policy.canEdit(user, approvers, null)) {
            throw new NotAllowedError("Only members of " + approvers + " may decide step " + stepId);
        }
        if (comment != null && comment.length() > MAX_IMPROVEMENT_CHARS) {
            throw new PayloadTooLargeError("comment is longer than " + MAX_IMPROVEMENT_CHARS + " characters");
        }
        ObjectNode decision = JSON.createObjectNode().put("approved", approve).put("by", user.username())
                .put("comment", comment == null ? "" : comment).put("at", Instant.now().toString());
        store.decide(id, stepId, decision);
        worker.wake();
    }

    /** The two-question survey, once per completed task, by its creator. */
    @Transactional
    public void survey(UUID id, Boolean expected, String improvement, AtriumUser user) {
        if (expected == null) {
            throw new InputError("expected is required", List.of(FieldError.of("expected", "is required (true or false)")));
        }
        String text = improvement == null ? "" : improvement.strip();
        if (text.length() > MAX_IMPROVEMENT_CHARS) {
            throw new InputError("improvement is longer than " + MAX_IMPROVEMENT_CHARS + " characters",
                    List.of(FieldError.of("improvement", "at most " + MAX_IMPROVEMENT_CHARS + " characters")));
        }
        TaskEntity task = readable(id, user);
        if (!user.userRef().equals(task.createdBy)) {
            throw new NotAllowedError("Only the user who ran task " + id + " may answer its survey");
        }
        if (!TaskStatus.COMPLETED.equals(task.status)) {
            throw new ConflictError("The survey opens when the task has completed; task " + id + " is " + task.status);
        }
        if (surveys.findById(id) != null) {
            throw new ConflictError("The survey of task " + id + " has already been answered");
        }
        SurveyEntity s = new SurveyEntity();
        s.taskId = id;
        s.answeredBy = user.username();
        s.expected = expected;
        s.improvement = text;
        s.answeredAt = Instant.now();
        surveys.persist(s);
        metrics.surveyAnswered(task, expected, text);
    }
}
