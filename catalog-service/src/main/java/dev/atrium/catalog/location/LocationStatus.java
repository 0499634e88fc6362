package dev.atrium.catalog.location;

import dev.atrium.catalog.processing.ProcessingError;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Processing state of a registered location and everything read through it. */
@Schema(name = "LocationStatus")
public record LocationStatus(
        Location location,
        @Schema(enumeration = {"pending", "ok", "error"}) String state,
        @Schema(description = "When the location's own entity was last processed") OffsetDateTime lastProcessedAt,
        @Schema(description = "Entities currently visible from this location") int entityCount,
        List<EntityErrors> errors) {

    /**
     * Errors of the last pass of one entity (for a Location: of the files it read, each naming the
     * file, document and field it concerns).
     */
    public record EntityErrors(String entityRef, List<ProcessingError> errors) {
    }
}
