package dev.atrium.access.announcement;

import dev.atrium.access.support.UserToken;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What's New items for the hub. */
@Path("/announcements")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Announcements")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class AnnouncementResource {

    @Inject
    AnnouncementService service;

    @Inject
    CurrentUser user;

    @Inject
    UserToken token;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "PublishAnnouncement", summary = "Publish an announcement (a model's owners about it, or platform admins)")
    @APIResponse(responseCode = "201", description = "Published", content = @Content(schema = @Schema(implementation = AnnouncementService.View.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the model's owner or a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "modelRef not in the catalog", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The catalog is unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response publish(AnnouncementService.NewAnnouncement body) {
        return Response.status(201).entity(service.publish(user.get(), token.get(), body)).build();
    }

    @GET
    @Operation(operationId = "ListAnnouncements", summary = "Announcements, newest first")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(schema = @Schema(implementation = AnnouncementService.Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid limit, model or cursor", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AnnouncementService.Page list(@Parameter(description = "Only about this model") @QueryParam("modelRef") String modelRef,
            @Parameter(description = "1-100, default 20") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return service.list(modelRef, limit, cursor);
    }
}
