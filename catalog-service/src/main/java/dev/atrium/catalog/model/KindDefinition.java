package dev.atrium.catalog.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One kind of the runtime model: accepted apiVersions, the JSON Schema of its spec, its relations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A kind of the catalog model")
public record KindDefinition(
        @Schema(example = "Component") String kind,
        String description,
        List<String> apiVersions,
        @Schema(description = "JSON Schema (2020-12) of the entity's spec") JsonNode schema,
        List<RelationDefinition> relations,
        @Schema(description = "Model version of this kind: 0 for the built-in definition, incremented by each change") Integer version,
        @Schema(description = "Whether the kind ships with Atrium") Boolean builtIn) {

    public KindDefinition withVersion(int v, boolean isBuiltIn) {
        return new KindDefinition(kind, description, apiVersions, schema, relations, v, isBuiltIn);
    }
}
