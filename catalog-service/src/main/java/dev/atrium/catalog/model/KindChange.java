package dev.atrium.catalog.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PUT /model/kinds/{kind}}: a new kind, or additions to an existing one. Existing
 * fields cannot be redefined or removed, so entities valid before stay valid unless {@code required}
 * grows (which is what the re-validation report is for).
 */
@Schema(description = "A new kind, or fields, relations and apiVersions to add to an existing kind")
public record KindChange(
        @Schema(description = "Human description of the kind") String description,
        @Schema(description = "apiVersions to accept (added to existing ones)", example = "[\"acme.com/v1\"]") List<String> apiVersions,
        @Schema(description = "Spec properties to add: field name -> JSON Schema", example = "{\"tier\": {\"type\": \"string\", \"enum\": [\"gold\", \"silver\"]}}") Map<String, JsonNode> properties,
        @Schema(description = "Spec fields that become required") List<String> required,
        @Schema(description = "Relations to emit from spec fields") List<RelationDefinition> relations) {
}
