package dev.atrium.scaffolder.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/**
 * Builds Template entities for tests, so a test states the steps it is about instead of copying
 * YAML: {@code TemplateBuilder.v3("dag").step("a", "debug:wait", Map.of("seconds", 1)).dependsOn("b")}.
 * Each built template gets a unique name, so tests never see each other's templates.
 */
public final class TemplateBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode entity = JSON.createObjectNode();
    private final ArrayNode steps;
    private final ArrayNode pages;
    private ObjectNode lastStep;

    private TemplateBuilder(String apiVersion, String name) {
        entity.put("apiVersion", apiVersion).put("kind", "Template");
        entity.putObject("metadata").put("name", name + "-" + UUID.randomUUID().toString().substring(0, 8)).put("namespace", "default");
        ObjectNode spec = entity.putObject("spec").put("owner", "payments-team").put("type", "service");
        pages = spec.putArray("parameters");
        steps = spec.putArray("steps");
    }

    /** Steps run in order. */
    public static TemplateBuilder v1beta3(String name) {
        return new TemplateBuilder("scaffolder.backstage.io/v1beta3", name);
    }

    /** Steps form a DAG. */
    public static TemplateBuilder v3(String name) {
        return new TemplateBuilder("scaffolder.backstage.io/v3", name);
    }

    public TemplateBuilder owner(String owner) {
        ((ObjectNode) entity.get("spec")).put("owner", owner);
        return this;
    }

    /** A parameter page: properties as a map of JSON Schemas, and the required names. */
    public TemplateBuilder parameters(Map<String, ?> properties, String... required) {
        ObjectNode page = pages.addObject().put("title", "Page " + pages.size());
        page.set("properties", JSON.valueToTree(properties));
        ArrayNode req = page.putArray("required");
        for (String r : required) {
            req.add(r);
        }
        return this;
    }

    public TemplateBuilder step(String id, String action, Map<String, ?> input) {
        lastStep = steps.addObject().put("id", id).put("name", "Step " + id).put("action", action);
        lastStep.set("input", JSON.valueToTree(input));
        return this;
    }

    /** {@code dependsOn} of the last step added. */
    public TemplateBuilder dependsOn(String... ids) {
        ArrayNode deps = lastStep.putArray("dependsOn");
        for (String d : ids) {
            deps.add(d);
        }
        return this;
    }

    /** {@code if:} of the last step added. */
    public TemplateBuilder when(String condition) {
        lastStep.put("if", condition);
        return this;
    }

    /** {@code each:} of the last step added: a list, an object, or an expression that gives one. */
    public TemplateBuilder each(Object items) {
        lastStep.set("each", JSON.valueToTree(items));
        return this;
    }

    public TemplateBuilder output(Map<String, ?> output) {
        ((ObjectNode) entity.get("spec")).set("output", JSON.valueToTree(output));
        return this;
    }

    /** The location the template claims to come from (relative skeletons resolve against it). */
    public TemplateBuilder location(String locationKey) {
        ((ObjectNode) entity.get("metadata")).putObject("annotations").put("backstage.io/managed-by-location", locationKey);
        return this;
    }

    public String name() {
        return entity.path("metadata").path("name").asText();
    }

    public String ref() {
        return "template:default/" + name();
    }

    public ObjectNode entity() {
        return entity.deepCopy();
    }
}
