package dev.atrium.access.request;

import dev.atrium.access.key.KeyViews;
import dev.atrium.access.support.Ids;
import dev.atrium.access.support.UserToken;
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

/** Access requests: create (hub, scaffolder action toolchain:provision-ai-access), list, decide, revoke, recertify. */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access requests")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class RequestResource {

    @Inject
    RequestService service;

    @Inject
    CurrentUser user;

    @Inject
    UserToken token;

    @POST
    @Path("requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "CreateAccessRequest", summary = "Request access to an AIModel or Toolchain for a team",
            description = "The caller must be a member of the team. The model's access tier decides: open is approved at once, "
                    + "standard at once up to the configured monthly token limit (else by the owner group), restricted by the owner "
                    + "group and a platform admin. An approved request is provisioned in the background (state PROVISIONING, then ACTIVE).")
    @APIResponse(responseCode = "201", description = "Created; state APPROVED (provisioning follows) or PENDING_APPROVAL",
            content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (listed in errors)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller is not a member of the team", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "The team already has a pending or active request for this model", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "Unknown model, not an AIModel/Toolchain, deprecated, or requestAccess.type none", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The catalog is unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response create(RequestViews.NewRequest body) {
        RequestViews.RequestView created = service.create(user.get(), token.get(), body);
        return Response.created(URI.create("requests/" + created.id())).entity(created).build();
    }

    @GET
    @Path("requests")
    @Operation(operationId = "ListAccessRequests", summary = "My requests, my teams' requests, or those awaiting my approval")
    @APIResponse(responseCode = "200", description = "A page, newest first", content = @Content(schema = @Schema(implementation = RequestViews.Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid view, state, limit or cursor", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "view=all without platform-admin, or a team the caller is not in", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.Page list(
            @Parameter(description = "mine (default), team, approvals (awaiting an approval I may give), all (platform admins)") @QueryParam("view") String view,
            @Parameter(description = "With view=team: one of my teams") @QueryParam("team") String team,
            @Parameter(description = "Only requests in this state") @QueryParam("state") String state,
            @Parameter(description = "Page size, 1-200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return service.list(user.get(), view, team, state, limit, cursor);
    }

    @GET
    @Path("requests/{id}")
    @Operation(operationId = "GetAccessRequest", summary = "A request with its approvals, provisioning steps, key and transitions")
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "Malformed id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the team's, the requester's, an approver's or an admin's", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.RequestView get(@PathParam("id") String id) {
        return service.get(user.get(), Ids.uuid(id, "id"));
    }

    @POST
    @Path("requests/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ApproveAccessRequest", summary = "Give one of the request's required approvals",
            description = "Owner approvals need membership of the model's owner group; the platform-admin approval needs that role. "
                    + "Nobody decides their own request, and one person gives at most one approval per request.")
    @APIResponse(responseCode = "200", description = "Approval recorded; APPROVED when it was the last one", content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "Invalid reason or id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller holds none of the outstanding approvals, or it is their own request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Not awaiting approval, or the caller already approved it", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.RequestView approve(@PathParam("id") String id, RequestViews.Decision body) {
        return service.approve(user.get(), Ids.uuid(id, "id"), body);
    }

    @POST
    @Path("requests/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "RejectAccessRequest", summary = "Reject a request awaiting approval (reason required)")
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid reason", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller holds none of the outstanding approvals, or it is their own request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Not awaiting approval", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.RequestView reject(@PathParam("id") String id, RequestViews.Decision body) {
        return service.reject(user.get(), Ids.uuid(id, "id"), body);
    }

    @POST
    @Path("requests/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "RevokeAccessRequest", summary = "Revoke a grant or withdraw a request (reason required)",
            description = "Its keys fail verification at once; the identity-provider group and the delivered key are removed in the background.")
    @APIResponse(responseCode = "200", description = "REVOKED", content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid reason", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the team, the model's owner or a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Already closed", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.RequestView revoke(@PathParam("id") String id, RequestViews.Decision body) {
        return service.revoke(user.get(), Ids.uuid(id, "id"), body);
    }

    @POST
    @Path("requests/{id}/retry")
    @Operation(operationId = "RetryAccessRequest", summary = "Provision a FAILED request again")
    @APIResponse(responseCode = "200", description = "APPROVED again; provisioning follows", content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "Malformed id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the team or a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Not FAILED", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.RequestView retry(@PathParam("id") String id) {
        return service.retry(user.get(), Ids.uuid(id, "id"));
    }

    @POST
    @Path("requests/{id}/key")
    @Operation(operationId = "RevealAccessKey", summary = "Show the provisioned API key, once",
            description = "For a member of the request's team. The key is read from the secrets store it was delivered to; afterwards "
                    + "this answers 409 (rotate the key for a new one).")
    @APIResponse(responseCode = "200", description = "The key, this once", content = @Content(schema = @Schema(implementation = KeyViews.CreatedKey.class)))
    @APIResponse(responseCode = "400", description = "Malformed id", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not a member of the request's team", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request or no live key", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Not ACTIVE yet, or the key was already shown", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "The secrets store is unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public KeyViews.CreatedKey reveal(@PathParam("id") String id) {
        return service.revealKey(user.get(), Ids.uuid(id, "id"));
    }

    @POST
    @Path("requests/{id}/recertify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "RecertifyAccessRequest", summary = "Confirm (or end) an active grant due for recertification")
    @APIResponse(responseCode = "200", description = "Recertified, or REVOKED when confirm is false", content = @Content(schema = @Schema(implementation = RequestViews.RequestView.class)))
    @APIResponse(responseCode = "400", description = "confirm missing, or a reason missing when ending the grant", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Not the model's owner or a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Not ACTIVE", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public RequestViews.RequestView recertify(@PathParam("id") String id, RequestViews.Recertify body) {
        return service.recertify(user.get(), Ids.uuid(id, "id"), body);
    }

    @GET
    @Path("recertifications")
    @Operation(operationId = "ListRecertifications", summary = "Active grants due for re-approval that I may confirm",
            description = "Grants older than atrium.access.recertification.max-age; unconfirmed ones expire after the grace period.")
    @APIResponse(responseCode = "200", description = "Due grants, soonest first", content = @Content(schema = @Schema(implementation = RequestViews.RequestView[].class)))
    public List<RequestViews.RequestView> recertifications() {
        return service.recertifications(user.get());
    }
}
