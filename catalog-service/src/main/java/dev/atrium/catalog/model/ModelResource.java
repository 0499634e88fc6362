package dev.atrium.catalog.model;

import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The machine-readable catalog model and admin changes to it. */
@Path("/model")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Model")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class ModelResource {

    @Inject
    KindRegistry registry;

    @Inject
    ModelService service;

    @Inject
    CurrentUser user;

    /** GET /model response. */
    @Schema(name = "CatalogModel")
    public record Model(Collection<KindDefinition> kinds) {
    }

    @GET
    @Operation(operationId = "GetModel", summary = "Every kind with the JSON Schema of its spec and its relations")
    @APIResponse(responseCode = "200", description = "The active model", content = @Content(schema = @Schema(implementation = Model.class)))
    public Model model() {
        return new Model(registry.all());
    }

    @GET
    @Path("/kinds/{kind}")
    @Operation(operationId = "GetModelKind", summary = "One kind of the active model")
    @APIResponse(responseCode = "200", description = "The kind", content = @Content(schema = @Schema(implementation = KindDefinition.class)))
    @APIResponse(responseCode = "404", description = "Unknown kind", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public KindDefinition kind(@PathParam("kind") String kind) {
        return registry.find(kind).orElseThrow(() -> new NotFoundError("Unknown kind " + kind));
    }

    @PUT
    @Path("/kinds/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("${atrium.security.admin-role:platform-admin}")
    @Operation(operationId = "PutModelKind", summary = "Add a kind or extend one with fields, relations or apiVersions (platform admins)",
            description = "Existing fields cannot be redefined. Existing entities of the kind are re-validated against the new definition and reported; they are reprocessed right away.")
    @APIResponse(responseCode = "200", description = "Kind extended", content = @Content(schema = @Schema(implementation = ModelChangeResult.class)))
    @APIResponse(responseCode = "201", description = "Kind created", content = @Content(schema = @Schema(implementation = ModelChangeResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid change (bad field names, not a JSON Schema)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller is not a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The change redefines an existing field or relation", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response put(@PathParam("kind") String kind, KindChange change) {
        ModelChangeResult result = service.change(kind, change, user.get().username());
        return Response.status(result.created() ? 201 : 200).entity(result).build();
    }

}
