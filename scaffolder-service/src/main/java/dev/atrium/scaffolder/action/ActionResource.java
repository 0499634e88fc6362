package dev.atrium.scaffolder.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The action registry over REST: list (Backstage's shape plus permission and idempotency) and direct invocation. */
@Path("/v2/actions")
@Authenticated
@Tag(name = "actions")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ActionRegistry registry;

    @Inject
    ActionInvoker invoker;

    @Inject
    CurrentUser currentUser;

    @Inject
    JsonWebToken jwt;

    @GET
    @Operation(operationId = "listActions", summary = "Every action with its input/output schema, permission and idempotency, sorted by id")
    @APIResponse(responseCode = "200", description = "[{id, description, examples, schema:{input, output}, permission, idempotent, idempotency}]")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ArrayNode list() {
        currentUser.get();
        ArrayNode out = JSON.createArrayNode();
        registry.all().forEach(a -> out.add(describe(a)));
        return out;
    }

    public static ObjectNode describe(ScaffolderAction a) {
        ObjectNode n = JSON.createObjectNode().put("id", a.id()).put("description", a.description());
        ArrayNode examples = n.putArray("examples");
        a.examples().forEach(e -> examples.addObject().put("description", e.description()).put("example", e.example()));
        ObjectNode schema = n.putObject("schema");
        schema.set("input", a.inputSchema());
        schema.set("output", a.outputSchema());
        n.put("permission", a.permission());
        n.put("idempotent", a.idempotent());
        n.put("idempotency", a.idempotency());
        n.put("readOnly", a.readOnly());
        n.put("supportsDryRun", a.supportsDryRun());
        return n;
    }

    @POST
    @Path("{actionId}/invoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "invokeAction", summary = "Run one action with the given input (same validation and permission checks as in a template)")
    @APIResponse(responseCode = "200", description = "{output, log}")
    @APIResponse(responseCode = "400", description = "Input does not match the action's schema", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "The action's permission check refused the caller", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such action", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The action failed", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "A service the action needs is unavailable", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode invoke(@PathParam("actionId") String actionId,
            @Parameter(description = "Run it as in a dry run") @QueryParam("dryRun") boolean dryRun, JsonNode input) {
        ActionInvoker.Invocation result = invoker.invoke(actionId, input, dryRun, currentUser.get(), jwt.getRawToken());
        ObjectNode out = JSON.createObjectNode();
        out.set("output", result.output());
        out.set("log", result.log());
        return out;
    }
}
