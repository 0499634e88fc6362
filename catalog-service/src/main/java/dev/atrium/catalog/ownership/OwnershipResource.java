package dev.atrium.catalog.ownership;

import dev.atrium.commons.error.ErrorBody;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Two-tier ownership view of a group. */
@Path("/ownership")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ownership")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class OwnershipResource {

    @Inject
    OwnershipService service;

    @GET
    @Path("/{groupRef: .+}")
    @Operation(operationId = "GetOwnership", summary = "What a team owns directly, through its domains and through its child teams")
    @APIResponse(responseCode = "200", description = "Ownership", content = @Content(schema = @Schema(implementation = OwnershipService.Ownership.class)))
    @APIResponse(responseCode = "400", description = "Not a group ref", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such group", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public OwnershipService.Ownership ownership(@PathParam("groupRef") String groupRef) {
        return service.of(groupRef);
    }
}
