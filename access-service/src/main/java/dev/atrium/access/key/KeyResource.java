package dev.atrium.access.key;

import dev.atrium.access.support.Ids;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API keys of the caller's teams: list, create, rotate, revoke. A key is returned only when it is created. */
@Path("/keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class KeyResource {

    @Inject
    KeyService service;

    @Inject
    CurrentUser user;

    @GET
    @Operation(operationId = "ListApiKeys", summary = "Keys of my teams (platform admins: every team)")
    @APIResponse(responseCode = "200", description = "Keys, newest first (never the keys themselves)", content = @Content(schema = @Schema(implementation = KeyViews.KeyView[].class)))
    @APIResponse(responseCode = "400", description = "Invalid team", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "A team the caller is not in", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public List<KeyViews.KeyView> list(@Parameter(description = "Only this team's keys") @QueryParam("team") String team,
            @Parameter(description = "Include revoked keys (default false)") @QueryParam("includeRevoked") boolean includeRevoked) {
        return service.list(user.get(), team, includeRevoked);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "CreateApiKey", summary = "Create a key for models my team has active grants for",
            description = "The key is in this answer only; it is stored as a keyed hash and cannot be shown again.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = KeyViews.CreatedKey.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller is not a member of the team", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The team holds the maximum number of live keys", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The team has no active grant for a model", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response create(KeyViews.NewKey body) {
        KeyViews.CreatedKey created = service.create(user.get(), body);
        return Response.created(URI.create("keys/" + created.metadata().id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "GetApiKey", summary = "One key's metadata and this month's usage")
    @APIResponse(responseCode = "200", description = "The key's metadata", content = @Content(schema = @Schema(implementation = KeyViews.KeyView.class)))
    @APIResponse(responseCode = "400", description = "Malformed id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Another team's key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public KeyViews.KeyView get(@PathParam("id") String id) {
        return service.get(user.get(), Ids.uuid(id, "id"));
    }

    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "RotateApiKey", summary = "Replace a key: same scope, budget and expiry; the old one stops working now")
    @APIResponse(responseCode = "200", description = "The new key, this once", content = @Content(schema = @Schema(implementation = KeyViews.CreatedKey.class)))
    @APIResponse(responseCode = "400", description = "Malformed id or reason", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Another team's key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Revoked or expired", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The secrets store did not take the new key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public KeyViews.CreatedKey rotate(@PathParam("id") String id, KeyViews.Reason body) {
        return service.rotate(user.get(), Ids.uuid(id, "id"), body == null ? null : body.reason());
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "RevokeApiKey", summary = "Revoke a key; verification fails everywhere within a second")
    @APIResponse(responseCode = "200", description = "Revoked", content = @Content(schema = @Schema(implementation = KeyViews.KeyView.class)))
    @APIResponse(responseCode = "400", description = "Malformed id or reason", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Another team's key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Already revoked", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public KeyViews.KeyView revoke(@PathParam("id") String id, KeyViews.Reason body) {
        return service.revoke(user.get(), Ids.uuid(id, "id"), body == null ? null : body.reason());
    }
}
