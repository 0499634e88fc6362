package dev.atrium.catalog.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.processing.ProcessingError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Response of {@code POST /locations}: the location, the entities a dry run would ingest, whether
 * it exists (dry runs), and every entity or target that cannot be ingested and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AddLocationResponse")
public record AddLocationResponse(
        Location location,
        @Schema(description = "Dry run: every entity that would be ingested; otherwise empty (processing ingests them)") List<ObjectNode> entities,
        @Schema(description = "Dry run: whether the location is registered already") Boolean exists,
        @Schema(description = "Entities (with file, document and field) and targets that are not ingested, and why") List<ProcessingError> errors) {
}
