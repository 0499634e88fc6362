package dev.atrium.access.audit;

import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The hash-chained audit log: read it (admins, or a team its own records) and prove it intact (admins). */
@Path("/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class AuditResource {

    @Inject
    AuditService service;

    @Inject
    CurrentUser user;

    @GET
    @Operation(operationId = "ListAudit", summary = "Audit records, newest first",
            description = "Platform admins read every record; others only their teams' records.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(schema = @Schema(implementation = AuditService.Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter, limit or cursor", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "A team the caller is not in", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AuditService.Page list(@Parameter(description = "Records of one access request") @QueryParam("requestId") String requestId,
            @Parameter(description = "Subject, e.g. key:<id>, model:<ref>") @QueryParam("subject") String subject,
            @Parameter(description = "Who did it") @QueryParam("actor") String actor,
            @Parameter(description = "e.g. request.approved, key.revoked") @QueryParam("action") String action,
            @Parameter(description = "Team ref or name") @QueryParam("team") String team,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
            @Parameter(description = "1-500, default 100") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return service.search(user.get(), requestId, subject, actor, action, team, from, to, limit, cursor);
    }

    @GET
    @Path("verify")
    @Operation(operationId = "VerifyAudit", summary = "Recompute the whole hash chain and report the first record that does not match")
    @APIResponse(responseCode = "200", description = "The verdict", content = @Content(schema = @Schema(implementation = AuditService.Verification.class)))
    @APIResponse(responseCode = "403", description = "Not a platform admin", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AuditService.Verification verify() {
        return service.verify(user.get());
    }
}
