package dev.atrium.scaffolder.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One step of a template as written: id, name, action, input, {@code if}, {@code each}, the steps
 * it waits for ({@code dependsOn} plus those whose outputs it references) and its position.
 */
public record StepSpec(String id, String name, String action, JsonNode input, JsonNode ifCondition, JsonNode each,
        List<String> dependsOn, int position) {
}
