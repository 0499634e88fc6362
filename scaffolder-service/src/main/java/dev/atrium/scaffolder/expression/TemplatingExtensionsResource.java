package dev.atrium.scaffolder.expression;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Backstage's {@code GET /v2/templating-extensions}: the filters templates may use. */
@Path("/v2/templating-extensions")
@Authenticated
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplatingExtensionsResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CurrentUser currentUser;

    @GET
    @Operation(operationId = "listTemplatingExtensions", summary = "Template filters and globals")
    @APIResponse(responseCode = "200", description = "{filters, globals}")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ObjectNode list() {
        currentUser.get();
        ObjectNode out = JSON.createObjectNode();
        ObjectNode filters = out.putObject("filters");
        new TreeMap<>(TemplateFilters.DESCRIPTIONS).forEach((k, v) -> filters.putObject(k).put("description", v));
        ObjectNode globals = out.putObject("globals");
        globals.putObject("functions");
        globals.putObject("values");
        return out;
    }
}
