package dev.atrium.catalog.location;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.processing.EntityValidator;
import dev.atrium.catalog.processing.LocationExpander;
import dev.atrium.catalog.reading.LocationReader;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Validation for CI ({@code validate-entity}) and repository analysis ({@code analyze-location}). */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Validation")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class ValidationResource {

    @Inject
    EntityValidator validator;

    @Inject
    LocationAnalyzer analyzer;

    /** Body of validate-entity. */
    @Schema(name = "ValidateEntityRequest")
    public record ValidateRequest(@Schema(required = true) JsonNode entity,
            @Schema(required = true, example = "url:https://github.com/acme/payments/blob/main/catalog-info.yaml") String location) {
    }

    @POST
    @Path("validate-entity")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ValidateEntity", summary = "Validate an entity without storing it",
            description = "Runs the same validation as ingestion: envelope, metadata rules, the kind's JSON Schema and relation refs.")
    @APIResponse(responseCode = "200", description = "Valid")
    @APIResponse(responseCode = "400", description = "Invalid; errors lists every problem", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response validate(ValidateRequest body) {
        if (body == null || body.entity() == null) {
            throw new InputError("Request body must be an object with entity and location");
        }
        List<FieldError> errors = new ArrayList<>();
        String location = body.location();
        if (location == null || location.indexOf(':') <= 0 || !LocationReader.TYPES.contains(location.substring(0, location.indexOf(':')))) {
            errors.add(FieldError.of("location", "location must be a location ref such as url:https://host/path/catalog-info.yaml"));
        }
        JsonNode entity = body.entity().deepCopy();
        if (entity instanceof ObjectNode o && o.get("metadata") instanceof ObjectNode m && location != null) {
            ObjectNode annotations = m.has("annotations") && m.get("annotations").isObject() ? (ObjectNode) m.get("annotations") : m.putObject("annotations");
            annotations.put(LocationExpander.MANAGED_BY_LOCATION, location);
            annotations.put(LocationExpander.MANAGED_BY_ORIGIN_LOCATION, location);
        }
        errors.addAll(validator.validate(entity));
        if (!errors.isEmpty()) {
            throw new InputError("The entity is not valid", errors);
        }
        return Response.ok().build();
    }

    /** Body of analyze-location. */
    @Schema(name = "AnalyzeLocationRequest")
    public record AnalyzeRequest(@Schema(required = true) LocationSpec location, String catalogFilename) {
    }

    @POST
    @Path("analyze-location")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "AnalyzeLocation", summary = "Inspect a repository or file for catalog entities",
            description = "Returns existing catalog files, or a drafted entity with owner from CODEOWNERS, type from build files and APIs from OpenAPI files.")
    @APIResponse(responseCode = "200", description = "Analysis", content = @Content(schema = @Schema(implementation = LocationAnalyzer.Analysis.class)))
    @APIResponse(responseCode = "400", description = "Malformed request or target", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Target refused", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public LocationAnalyzer.Analysis analyze(AnalyzeRequest body) {
        if (body == null || body.location() == null) {
            throw new InputError("Request body must be an object with location {type, target}");
        }
        return analyzer.analyze(body.location(), body.catalogFilename());
    }

}
