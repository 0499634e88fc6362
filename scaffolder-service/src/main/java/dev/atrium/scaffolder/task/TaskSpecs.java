package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.scaffolder.template.StepSpec;
import dev.atrium.scaffolder.template.TemplateSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The stored task spec, in Backstage's TaskSpec shape ({@code apiVersion, steps, output, parameters,
 * user, templateInfo}) plus each step's resolved {@code dependsOn} and the caller's identity, so a
 * task runs from what was stored when it was created, whatever happens to the template later.
 */
public final class TaskSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskSpecs() {
    }

    public static ObjectNode build(TemplateSpec template, JsonNode parameters, JsonNode userEntity, AtriumUser user) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("apiVersion", template.apiVersion());
        ArrayNode steps = spec.putArray("steps");
        for (StepSpec s : template.steps()) {
            ObjectNode step = steps.addObject().put("id", s.id()).put("name", s.name()).put("action", s.action());
            step.set("input", s.input());
            if (s.ifCondition() != null) {
                step.set("if", s.ifCondition());
            }
            if (s.each() != null) {
                step.set("each", s.each());
            }
            ArrayNode deps = step.putArray("dependsOn");
            s.dependsOn().forEach(deps::add);
        }
        spec.set("output", template.output().isMissingNode() ? JSON.createObjectNode() : template.output());
        spec.set("parameters", parameters);
        ObjectNode userNode = spec.putObject("user");
        userNode.set("entity", userEntity);
        userNode.put("ref", user.userRef());
        ObjectNode identity = spec.putObject("identity").put("subject", user.subject()).put("username", user.username())
                .put("platformAdmin", user.platformAdmin());
        ArrayNode groups = identity.putArray("groups");
        user.groupRefs().stream().sorted().forEach(groups::add);
        ObjectNode info = spec.putObject("templateInfo").put("entityRef", template.entityRef());
        if (template.location() != null) {
            info.put("baseUrl", template.location());
        }
        info.putObject("entity").set("metadata", template.metadata());
        return spec;
    }

    public static List<StepSpec> steps(JsonNode spec) {
        List<StepSpec> out = new ArrayList<>();
        int i = 0;
        for (JsonNode s : spec.path("steps")) {
            List<String> deps = new ArrayList<>();
            s.path("dependsOn").forEach(d -> deps.add(d.asText()));
            out.add(new StepSpec(s.path("id").asText(), s.path("name").asText(), s.path("action").asText(), s.path("input"),
                    s.has("if") ? s.get("if") : null, s.has("each") ? s.get("each") : null, deps, i++));
        }
        return out;
    }

    public static AtriumUser user(JsonNode spec) {
        JsonNode id = spec.path("identity");
        Set<String> groups = new LinkedHashSet<>();
        id.path("groups").forEach(g -> groups.add(g.asText()));
        return new AtriumUser(id.path("subject").asText(), id.path("username").asText(), groups, id.path("platformAdmin").asBoolean());
    }

    /** The spec as returned by the API: without Atrium's internal identity block. */
    public static JsonNode forApi(JsonNode spec) {
        ObjectNode copy = spec.deepCopy();
        copy.remove("identity");
        return copy;
    }
}
