package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v2/tasks}. */
@Schema(description = "Run a template")
public record ScaffoldRequest(
        @Schema(description = "Template entity ref; kind defaults to template", example = "template:default/nodejs-microservice", required = true) String templateRef,
        @Schema(description = "Parameter values, validated against the template's parameter pages") JsonNode values,
        @Schema(description = "Secret values: kept encrypted for the task's life, never returned or logged") Map<String, String> secrets) {
}
