package dev.atrium.metrics.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.error.ErrorBody;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /events}: the ingestion endpoint for trusted Atrium services. */
@Path("/events")
@Tag(name = "Events")
@SecurityRequirement(name = "jwt")
public class EventResource {

    @Inject
    EventValidator validator;

    @Inject
    IngestService ingest;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("atrium-service")
    @RunOnVirtualThread
    @Operation(operationId = "ingestEvents", summary = "Store one event or a batch of up to 1000",
            description = "Needs a client-credentials token with realm role atrium-service. Idempotent by event id: "
                    + "a repeated id is counted as a duplicate and not stored again. A batch with any invalid event is "
                    + "rejected whole. Types: page.viewed, search.performed, search.result.clicked, task.finished, "
                    + "survey.answered, access.provisioned, ticket.opened, engineer.started, pr.merged, "
                    + "deployment.created, deployment.finished, incident.opened, incident.resolved.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(oneOf = {EventDoc.class, EventDoc[].class})))
    @APIResponse(responseCode = "202", description = "Stored (or already stored)",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid event(s); field errors say which; nothing stored",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Token lacks role atrium-service", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over 2 MiB or more than 1000 events", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable; retry", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response ingest(JsonNode body) {
        IngestResult result = ingest.ingest(validator.parse(body));
        return Response.accepted(result).build();
    }

    /** The event shape, for the API document only. */
    @Schema(name = "Event", description = "One DevEx event")
    public record EventDoc(
            @Schema(required = true, description = "Globally unique idempotency key", example = "scaffolder:task:42:finished") String id,
            @Schema(required = true, example = "task.finished") String type,
            @Schema(description = "User name of who did it", example = "alice") String actor,
            @Schema(description = "Team of the actor", example = "payments-team") String team,
            @Schema(required = true, description = "When it happened (ISO-8601)", example = "2026-12-02T10:00:00Z") String time,
            @Schema(required = true, description = "Type-specific attributes (scalars only)") java.util.Map<String, Object> attributes) {
    }
}
