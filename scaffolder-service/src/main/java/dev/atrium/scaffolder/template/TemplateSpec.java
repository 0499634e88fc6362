package dev.atrium.scaffolder.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * A Template entity parsed into what the scaffolder runs: its identity, parameter pages, steps in
 * the order they may run, output, and the names of its secret parameters.
 *
 * @param location location key the template was read from ({@code backstage.io/managed-by-location}); relative skeleton URLs resolve against it
 * @param workflow the DevEx workflow the template belongs to, for task.finished events
 */
public record TemplateSpec(String entityRef, String apiVersion, String name, String title, String description,
        String owner, String type, String workflow, String location, List<JsonNode> parameterPages, List<StepSpec> steps,
        JsonNode output, JsonNode secretsSchema, JsonNode presentation, Set<String> secretParameters, ObjectNode metadata) {

    public boolean dag() {
        return TemplateParser.V3.equals(apiVersion);
    }

    public StepSpec step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
