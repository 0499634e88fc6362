package dev.atrium.access.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.error.ErrorBody;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Token usage: gateways report it, dashboards and cost allocation read it. */
@Path("/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Usage")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class UsageResource {
    /** Realm roles that may report usage: Atrium services and AI gateways (client credentials). */
    public static final String GATEWAY_ROLE = "ai-gateway";
    public static final String SERVICE_ROLE = "atrium-service";

    @Inject
    UsageService service;

    @POST
    @RolesAllowed({GATEWAY_ROLE, SERVICE_ROLE, "platform-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ReportUsage", summary = "Report tokens used per key and model (gateways)",
            description = "One record or an array of up to 1000. Idempotent by id: a repeated id is counted once. Needs a token with "
                    + "realm role ai-gateway or atrium-service. All records are checked first; a bad one rejects the whole report.")
    @RequestBody(content = @Content(schema = @Schema(implementation = UsageViews.Report[].class)))
    @APIResponse(responseCode = "202", description = "Counted", content = @Content(schema = @Schema(implementation = UsageViews.Accepted.class)))
    @APIResponse(responseCode = "400", description = "Invalid records (listed in errors)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "The token lacks ai-gateway / atrium-service", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over the size limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "Unknown key, or a model outside the key's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response report(JsonNode body) {
        return Response.accepted(service.report(body)).build();
    }

    @GET
    @Authenticated
    @Operation(operationId = "GetUsage", summary = "Token totals grouped by team, model or cost center",
            description = "Any signed-in user (the hub's usage charts are shown to everyone). Default period: this month so far (UTC).")
    @APIResponse(responseCode = "200", description = "Totals, largest first", content = @Content(schema = @Schema(implementation = UsageViews.Summary.class)))
    @APIResponse(responseCode = "400", description = "Invalid groupBy, bucket, period, team or model", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public UsageViews.Summary usage(
            @Parameter(description = "team (default), model or costCenter") @QueryParam("groupBy") String groupBy,
            @Parameter(description = "day: one total per group and UTC day (for charts); absent: one per group") @QueryParam("bucket") String bucket,
            @Parameter(description = "Start, ISO-8601 date or instant (inclusive)") @QueryParam("from") String from,
            @Parameter(description = "End, ISO-8601 date or instant (exclusive)") @QueryParam("to") String to,
            @Parameter(description = "Only this team") @QueryParam("team") String team,
            @Parameter(description = "Only this model") @QueryParam("model") String model) {
        return service.summary(groupBy, bucket, from, to, team, model);
    }
}
