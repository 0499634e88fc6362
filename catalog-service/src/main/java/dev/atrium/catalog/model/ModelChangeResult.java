package dev.atrium.catalog.model;

import dev.atrium.commons.error.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a model change did: the new definition and how existing entities fare against it. */
@Schema(description = "Result of a model change, with the re-validation report of existing entities")
public record ModelChangeResult(
        KindDefinition definition,
        @Schema(description = "Whether the kind was created by this change") boolean created,
        @Schema(description = "How many existing entities of the kind were re-validated") int revalidated,
        @Schema(description = "Existing entities that do not satisfy the new definition") List<InvalidEntity> invalid) {

    /** One existing entity that fails the changed model. */
    public record InvalidEntity(String entityRef, List<FieldError> errors) {
    }
}
