package dev.atrium.metrics.webhook;

import dev.atrium.commons.error.AuthenticationError;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.IngestResult;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SCM webhooks. They carry no bearer token: the signature (GitHub) or shared token (GitLab) over the
 * raw body is the credential, checked before the body is parsed. A bad one is 401 and stores nothing.
 */
@Path("/webhooks")
@Tag(name = "Webhooks")
@PermitAll
public class WebhookResource {

    @Inject
    MetricsConfig config;

    @Inject
    WebhookService webhooks;

    @POST
    @Path("/github")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(operationId = "githubWebhook", summary = "Receive a GitHub webhook delivery",
            description = "Verifies X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the configured secret). "
                    + "pull_request closed+merged becomes pr.merged; deployment becomes deployment.created; "
                    + "deployment_status success/failure/error becomes deployment.finished. Other events are ignored.")
    @APIResponse(responseCode = "202", description = "Verified; stored, duplicate or ignored",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "Verified but not valid JSON or missing fields", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong signature, or no secret configured", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over 2 MiB", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response github(byte[] body,
            @Parameter(description = "sha256=<hex HMAC>") @HeaderParam("X-Hub-Signature-256") String signature,
            @Parameter(description = "GitHub event name") @HeaderParam("X-GitHub-Event") String event) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!WebhookSignatures.githubValid(config.webhooks().github().secret().orElse(null), raw, signature)) {
            throw new AuthenticationError("Webhook signature missing or invalid");
        }
        return Response.accepted(webhooks.github(event, raw)).build();
    }

    @POST
    @Path("/gitlab")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(operationId = "gitlabWebhook", summary = "Receive a GitLab webhook delivery",
            description = "Compares X-Gitlab-Token with the configured secret token. Merge request hooks with action "
                    + "merge become pr.merged; deployment hooks with status success/failed become deployment.finished. "
                    + "Other hooks are ignored.")
    @APIResponse(responseCode = "202", description = "Verified; stored, duplicate or ignored",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "Verified but not valid JSON or missing fields", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong token, or no token configured", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over 2 MiB", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response gitlab(byte[] body,
            @Parameter(description = "The webhook's secret token") @HeaderParam("X-Gitlab-Token") String token,
            @Parameter(description = "GitLab event name") @HeaderParam("X-Gitlab-Event") String event) {
        if (!WebhookSignatures.gitlabValid(config.webhooks().gitlab().token().orElse(null), token)) {
            throw new AuthenticationError("Webhook token missing or invalid");
        }
        return Response.accepted(webhooks.gitlab(event, body == null ? new byte[0] : body)).build();
    }
}
