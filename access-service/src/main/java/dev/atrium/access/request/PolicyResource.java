package dev.atrium.access.request;

import dev.atrium.commons.error.ErrorBody;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The effective access policy, readable by every signed-in user so requesters know what to expect.
 */
@Path("/policy")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access requests")
@SecurityRequirement(name = "SecurityScheme")
public class PolicyResource {

    @Inject
    PolicySnapshot snapshot;

    @GET
    @Operation(operationId = "GetAccessPolicy", summary = "Approval rules, thresholds and adapters in force")
    @APIResponse(responseCode = "200", description = "The policy", content = @Content(schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    @APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Map<String, Object> policy() {
        return snapshot.current();
    }
}
