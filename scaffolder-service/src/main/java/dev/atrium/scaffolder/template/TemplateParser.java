package dev.atrium.scaffolder.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.UnprocessableError;
import dev.atrium.commons.security.Policy;
import dev.atrium.scaffolder.action.ActionRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Template entity into a {@link TemplateSpec} and checks it before any task exists:
 * supported apiVersion, known actions, unique step ids, step references that point at real,
 * earlier (v1beta3) or acyclic (v3) steps. Pure: no I/O, so it is tested directly.
 */
public final class TemplateParser {
    public static final String V1BETA3 = "scaffolder.backstage.io/v1beta3";
    public static final String V3 = "scaffolder.backstage.io/v3";
    static final String DEFAULT_PAGE_TITLE = "Please enter the following information";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern STEP_REF = Pattern.compile(
            "\\bsteps\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");
    private static final Pattern STEP_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.\\-]{0,62}$");

    private TemplateParser() {
    }

    /** Parses and checks a Template entity; problems of the template itself are a 422. */
    public static TemplateSpec parse(JsonNode entity, ActionRegistry actions, int maxSteps) {
        if (entity == null || !entity.isObject()) {
            throw new UnprocessableError("Template is not an object");
        }
        String apiVersion = entity.path("apiVersion").asText("");
        if (!V1BETA3.equals(apiVersion) && !V3.equals(apiVersion)) {
            throw new InputError("Unsupported apiVersion field in schema entity, " + apiVersion
                    + "; expected " + V1BETA3 + " or " + V3);
        }
        if (!"template".equalsIgnoreCase(entity.path("kind").asText())) {
            throw new InputError("Entity is a " + entity.path("kind").asText() + ", not a Template");
        }
        JsonNode metadata = entity.path("metadata");
        JsonNode spec = entity.path("spec");
        String name = metadata.path("name").asText();
        String namespace = metadata.path("namespace").asText("default");
        String ref = "template:" + namespace.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
        List<FieldError> problems = new ArrayList<>();

        List<JsonNode> pages = new ArrayList<>();
        JsonNode parameters = spec.path("parameters");
        if (parameters.isArray()) {
            parameters.forEach(pages::add);
        } else if (parameters.isObject()) {
            pages.add(parameters);
        }
        for (int i = 0; i < pages.size(); i++) {
            if (!pages.get(i).isObject()) {
                problems.add(FieldError.of("spec.parameters[" + i + "]", "a parameter page must be an object"));
            }
        }

        JsonNode stepsNode = spec.path("steps");
        if (!stepsNode.isArray()) {
            problems.add(FieldError.of("spec.steps", "steps must be a list"));
            stepsNode = JsonNodeFactory.instance.arrayNode();
        }
        if (stepsNode.size() > maxSteps) {
            problems.add(FieldError.of("spec.steps", "a template may have at most " + maxSteps + " steps, this one has " + stepsNode.size()));
        }
        boolean dag = V3.equals(apiVersion);
        List<StepSpec> steps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            JsonNode s = stepsNode.get(i);
            String field = "spec.steps[" + i + "]";
            String id = s.path("id").asText("step-" + (i + 1));
            if (!STEP_ID.matcher(id).matches()) {
                problems.add(FieldError.of(field + ".id", "step id '" + id + "' must be 1-63 letters, digits, '-', '_' or '.'"));
            }
            if (!ids.add(id)) {
                problems.add(FieldError.of(field + ".id", "duplicate step id '" + id + "'"));
            }
            String action = s.path("action").asText("");
            if (action.isEmpty()) {
                problems.add(FieldError.of(field + ".action", "step '" + id + "' has no action"));
            } else if (!actions.exists(action)) {
                problems.add(FieldError.of(field + ".action", "step '" + id + "' uses unknown action '" + action + "'"));
            }
            JsonNode input = s.path("input").isMissingNode() ? JsonNodeFactory.instance.objectNode() : s.path("input");
            if (!input.isObject()) {
                problems.add(FieldError.of(field + ".input", "input must be an object"));
            }
            List<String> deps = new ArrayList<>();
            s.path("dependsOn").forEach(d -> deps.add(d.asText()));
            steps.add(new StepSpec(id, s.path("name").asText(action), action, input,
                    s.has("if") ? s.get("if") : null, s.has("each") ? s.get("each") : null, deps, i));
            order.add(id);
        }

        // Which steps each step waits for: explicit dependsOn plus every step whose output it references.
        List<StepSpec> resolved = new ArrayList<>();
        for (StepSpec step : steps) {
            String field = "spec.steps[" + step.position() + "]";
            Set<String> deps = new LinkedHashSet<>(step.dependsOn());
            Set<String> referenced = new LinkedHashSet<>();
            collectStepRefs(step.input(), referenced);
            collectStepRefs(step.ifCondition(), referenced);
            collectStepRefs(step.each(), referenced);
            for (String r : referenced) {
                if (!ids.contains(r)) {
                    problems.add(FieldError.of(field, "step '" + step.id() + "' references unknown step '" + r + "'"));
                } else if (r.equals(step.id())) {
                    problems.add(FieldError.of(field, "step '" + step.id() + "' references its own output"));
                } else if (!dag && order.indexOf(r) > step.position()) {
                    problems.add(FieldError.of(field, "step '" + step.id() + "' references step '" + r
                            + "', which runs after it (" + V1BETA3 + " runs steps in order)"));
                }
            }
            for (String d : step.dependsOn()) {
                if (!ids.contains(d)) {
                    problems.add(FieldError.of(field + ".dependsOn", "step '" + step.id() + "' depends on unknown step '" + d + "'"));
                }
            }
            if (dag) {
                referenced.stream().filter(ids::contains).filter(r -> !r.equals(step.id())).forEach(deps::add);
            } else if (step.position() > 0) {
                deps.clear();
                deps.add(order.get(step.position() - 1));
            } else {
                deps.clear();
            }
            deps.retainAll(ids);
            resolved.add(new StepSpec(step.id(), step.name(), step.action(), step.input(), step.ifCondition(), step.each(),
                    List.copyOf(deps), step.position()));
        }
        if (dag && problems.isEmpty()) {
            String cycle = findCycle(resolved);
            if (cycle != null) {
                problems.add(FieldError.of("spec.steps", "steps form a cycle: " + cycle));
            }
        }
        Set<String> outputRefs = new LinkedHashSet<>();
        collectStepRefs(spec.path("output"), outputRefs);
        for (String r : outputRefs) {
            if (!ids.contains(r)) {
                problems.add(FieldError.of("spec.output", "output references unknown step '" + r + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new UnprocessableError("Template " + ref + " is invalid: " + problems.get(0).message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
        }

        String owner = spec.path("owner").asText(null);
        String type = spec.path("type").asText("");
        String workflow = metadata.path("annotations").path("atrium.dev/workflow").asText(workflowOf(type));
        String location = metadata.path("annotations").path("backstage.io/managed-by-location").asText(null);
        return new TemplateSpec(ref, apiVersion, name, metadata.path("title").asText(name),
                metadata.path("description").asText(null), owner == null ? null : Policy.canonicalOwnerRef(owner), type,
                workflow, location, pages, List.copyOf(resolved), spec.path("output"), spec.path("secrets").path("schema"),
                spec.path("presentation"), secretParameters(pages), (ObjectNode) metadata.deepCopy());
    }

    /** The DevEx workflow of a template type: services and sites are "new-service", ai-access is "access-request". */
    static String workflowOf(String type) {
        return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
            case "service", "website", "library", "documentation", "data-pipeline", "pipeline" -> "new-service";
            case "ai-access", "access" -> "access-request";
            case "environment", "resource" -> "environment";
            default -> type == null || type.isBlank() ? "other" : type;
        };
    }

    /** Properties marked {@code ui:field: Secret} or {@code format: password} on any page. */
    static Set<String> secretParameters(List<JsonNode> pages) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode page : pages) {
            Iterator<Map.Entry<String, JsonNode>> it = page.path("properties").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode def = p.getValue();
                if ("Secret".equals(def.path("ui:field").asText()) || "password".equals(def.path("format").asText())
                        || "password".equals(def.path("ui:widget").asText())) {
                    names.add(p.getKey());
                }
            }
        }
        return names;
    }

    static void collectStepRefs(JsonNode node, Set<String> into) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isTextual()) {
            Matcher expr = EXPRESSION.matcher(node.asText());
            while (expr.find()) {
                String body = expr.group(1) != null ? expr.group(1) : expr.group(2);
                Matcher m = STEP_REF.matcher(body);
                while (m.find()) {
                    into.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectStepRefs(child, into));
        }
    }

    /** A cycle of step ids as "a → b → a", or null. */
    static String findCycle(List<StepSpec> steps) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        steps.forEach(s -> deps.put(s.id(), s.dependsOn()));
        Map<String, Integer> state = new HashMap<>();
        for (String start : deps.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            String cycle = visit(start, deps, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        return null;
    }

    private static String visit(String id, Map<String, List<String>> deps, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (Iterator<String> it = path.descendingIterator(); it.hasNext();) {
                String p = it.next();
                if (p.equals(id)) {
                    in = true;
                }
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(id);
            return String.join(" → ", cycle);
        }
        state.put(id, 1);
        path.push(id);
        for (String d : deps.getOrDefault(id, List.of())) {
            String c = visit(d, deps, state, path);
            if (c != null) {
                return c;
            }
        }
        path.pop();
        state.put(id, 2);
        return null;
    }

    /** The parameter-schema response of Backstage: one entry per page. */
    public static ObjectNode parameterSchema(TemplateSpec t) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("title", t.title());
        if (t.description() != null) {
            out.put("description", t.description());
        }
        if (t.presentation() != null && t.presentation().isObject()) {
            out.set("presentation", t.presentation());
        }
        var steps = out.putArray("steps");
        for (JsonNode page : t.parameterPages()) {
            ObjectNode step = steps.addObject();
            step.put("title", page.path("title").asText(DEFAULT_PAGE_TITLE));
            if (page.has("description")) {
                step.set("description", page.get("description"));
            }
            step.set("schema", page);
        }
        return out;
    }
}
