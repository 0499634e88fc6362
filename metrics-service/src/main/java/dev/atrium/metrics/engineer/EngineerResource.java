package dev.atrium.metrics.engineer;

import dev.atrium.commons.error.ErrorBody;
import dev.atrium.metrics.config.MetricsConfig;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /engineers/import}: start dates from the HR system, for platform admins and trusted services. */
@Path("/engineers")
@Tag(name = "Engineers")
@SecurityRequirement(name = "jwt")
public class EngineerResource {

    @Inject
    MetricsConfig config;

    @Inject
    EngineerRepository engineers;

    /** What an import did. */
    @Schema(name = "ImportResult")
    public record ImportResult(
            @Schema(description = "Rows imported", example = "120") int imported,
            @Schema(description = "Engineers not known before", example = "12") int created) {}

    @POST
    @Path("/import")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"platform-admin", "atrium-service"})
    @RunOnVirtualThread
    @Transactional
    @Operation(operationId = "importEngineers", summary = "Import engineers' start dates (CSV)",
            description = "Header row with username and startDate (YYYY-MM-DD), optional team, email, scmLogin. "
                    + "All rows or none: any invalid row rejects the file with its line numbers.")
    @RequestBody(content = @Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
            example = "username,startDate,team\nalice,2026-09-01,payments-team")))
    @APIResponse(responseCode = "200", description = "Imported", content = @Content(schema = @Schema(implementation = ImportResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid rows (field errors name rows[line].column); nothing imported",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Neither platform-admin nor atrium-service", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Body over 2 MiB or too many rows", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "415", description = "Not text/csv", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ImportResult importCsv(@HeaderParam("Content-Type") String contentType, String csv) {
        // Checked here rather than by @Consumes so an anonymous caller gets 401 before any 415.
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) {
            throw new jakarta.ws.rs.WebApplicationException("Send the import as text/csv", 415);
        }
        List<EngineerCsv.Row> rows = EngineerCsv.parse(csv, config.engineers().importMaxRows());
        int created = 0;
        for (EngineerCsv.Row r : rows) {
            if (engineers.findById(r.username().toLowerCase(java.util.Locale.ROOT)) == null) {
                created++;
            }
            engineers.upsert(r.username(), r.team(), r.startDate(), r.email(), r.scmLogin(), Engineer.IMPORT);
        }
        return new ImportResult(rows.size(), created);
    }
}
