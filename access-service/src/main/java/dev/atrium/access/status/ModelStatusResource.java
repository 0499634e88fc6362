package dev.atrium.access.status;

import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Model status (operational / degraded / deprecated) for the hub and the CLI, and owners' overrides. */
@Path("/models")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Model status")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class ModelStatusResource {

    @Inject
    ModelStatusService service;

    @Inject
    CurrentUser user;

    @GET
    @Path("status")
    @Operation(operationId = "ListModelStatus", summary = "Status of every AIModel in the catalog",
            description = "override (until it lapses) > lifecycle deprecated > health probes of atrium.dev/health-url; unknown before the first probe.")
    @APIResponse(responseCode = "200", description = "Every known model", content = @Content(schema = @Schema(implementation = ModelStatusService.View[].class)))
    public List<ModelStatusService.View> all() {
        return service.all();
    }

    @GET
    @Path("{kind}/{namespace}/{name}/status")
    @Operation(operationId = "GetModelStatus", summary = "Status of one AIModel")
    @APIResponse(responseCode = "200", description = "Its status", content = @Content(schema = @Schema(implementation = ModelStatusService.View.class)))
    @APIResponse(responseCode = "400", description = "Malformed ref", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Not a known AIModel", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelStatusService.View get(@PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        return service.get(kind + ":" + namespace + "/" + name);
    }

    @PUT
    @Path("{kind}/{namespace}/{name}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "OverrideModelStatus", summary = "Override a model's status (its owner group or platform admins)")
    @APIResponse(responseCode = "200", description = "Override set", content = @Content(schema = @Schema(implementation = ModelStatusService.View.class)))
    @APIResponse(responseCode = "400", description = "Invalid status, reason or until", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the model's owner", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Not a known AIModel", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelStatusService.View override(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
            @PathParam("name") String name, ModelStatusService.StatusOverride body) {
        return service.override(user.get(), kind + ":" + namespace + "/" + name, body);
    }

    @DELETE
    @Path("{kind}/{namespace}/{name}/status")
    @Operation(operationId = "ClearModelStatusOverride", summary = "Remove the override; probes and lifecycle decide again")
    @APIResponse(responseCode = "200", description = "Override removed", content = @Content(schema = @Schema(implementation = ModelStatusService.View.class)))
    @APIResponse(responseCode = "400", description = "Malformed ref", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the model's owner", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Not a known AIModel", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelStatusService.View clear(@PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        return service.clearOverride(user.get(), kind + ":" + namespace + "/" + name);
    }
}
