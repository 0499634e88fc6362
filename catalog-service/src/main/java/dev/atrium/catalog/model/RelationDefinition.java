package dev.atrium.catalog.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A relation emitted from a spec field: outgoing type on the entity, inverse type on the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A relation generated from a spec field")
public record RelationDefinition(
        @Schema(description = "Dot path of the field holding one ref or a list of refs", example = "spec.owner") String field,
        @Schema(description = "Relation type on the entity", example = "ownedBy") String type,
        @Schema(description = "Relation type on the target", example = "ownerOf") String inverse,
        @Schema(description = "Kind used for refs written without one; absent means refs must name their kind", example = "Group") String defaultKind) {
}
