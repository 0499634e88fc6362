package dev.atrium.scaffolder.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.CurrentUser;
import dev.atrium.scaffolder.action.ActionRegistry;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.template.TemplateParser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Backstage's {@code POST /v2/dry-run}: run a template sent in the request, with its directory, in a temporary workspace. */
@Path("/v2/dry-run")
@Authenticated
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
public class DryRunResource {

    @Inject
    DryRunService dryRun;

    @Inject
    ActionRegistry actions;

    @Inject
    ScaffolderConfig config;

    @Inject
    CurrentUser currentUser;

    @Inject
    JsonWebToken jwt;

    /** Body of a dry run. */
    @Schema(description = "A template entity, parameter values and the files of the template's directory")
    public record DryRunRequest(@Schema(required = true, description = "Template entity") JsonNode template,
            @Schema(description = "Parameter values") JsonNode values,
            @Schema(description = "Secret values") Map<String, String> secrets,
            @Schema(description = "Files next to the template, e.g. its skeleton") List<DryRunService.TemplateFile> directoryContents) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "dryRun", summary = "Run a template without side effects outside a temporary workspace")
    @APIResponse(responseCode = "200", description = "{log, directoryContents, output, steps, stepOutputs, status}")
    @APIResponse(responseCode = "400", description = "Invalid template entity or parameters", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The template is invalid", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode run(DryRunRequest body) {
        var user = currentUser.get();
        if (body == null || body.template() == null) {
            throw new InputError("A template entity is required");
        }
        var template = TemplateParser.parse(body.template(), actions, config.limits().maxSteps());
        return dryRun.run(template, body.values(), body.secrets(), body.directoryContents(), user, jwt.getRawToken());
    }
}
