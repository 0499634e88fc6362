package dev.atrium.scaffolder.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.CurrentUser;
import dev.atrium.scaffolder.dryrun.DryRunService;
import dev.atrium.scaffolder.task.TaskService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A stored template's parameter schema, and template testing for CI. */
@Path("/v2/templates/{namespace}/{kind}/{name}")
@Authenticated
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    @Inject
    TaskService tasks;

    @Inject
    DryRunService dryRun;

    @Inject
    CurrentUser currentUser;

    @Inject
    JsonWebToken jwt;

    @GET
    @Path("parameter-schema")
    @Operation(operationId = "getTemplateParameterSchema", summary = "The template's parameter pages as JSON Schemas (ui:* hints passed through)")
    @APIResponse(responseCode = "200", description = "{title, description, steps:[{title, description, schema}]}")
    @APIResponse(responseCode = "400", description = "Not a template, or an unsupported apiVersion", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The template is invalid", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode parameterSchema(@PathParam("namespace") String namespace, @PathParam("kind") String kind, @PathParam("name") String name) {
        currentUser.get();
        checkKind(kind);
        return TemplateParser.parameterSchema(tasks.template(namespace, name, jwt.getRawToken()));
    }

    /** Fixture parameters for a template test. */
    @Schema(description = "Fixture parameters and secrets")
    public record TemplateTest(@Schema(description = "Parameter values") JsonNode values,
            @Schema(description = "Secret values") Map<String, String> secrets) {
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "testTemplate", summary = "Dry-run the stored template with fixture parameters: files, logs and step outputs")
    @APIResponse(responseCode = "200", description = "{status, directoryContents, log, steps, stepOutputs, output}")
    @APIResponse(responseCode = "400", description = "Invalid fixture parameters", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The template is invalid", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode test(@PathParam("namespace") String namespace, @PathParam("kind") String kind, @PathParam("name") String name,
            TemplateTest body) {
        var user = currentUser.get();
        checkKind(kind);
        TemplateSpec template = tasks.template(namespace, name, jwt.getRawToken());
        return dryRun.run(template, body == null ? null : body.values(), body == null ? null : body.secrets(), template.location(),
                user, jwt.getRawToken());
    }

    private static void checkKind(String kind) {
        if (!"template".equalsIgnoreCase(kind)) {
            throw new InputError("Only entities of kind Template have a parameter schema, not " + kind);
        }
    }
}
