package dev.atrium.catalog.location;

import dev.atrium.catalog.entity.EntityResource;
import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Backstage-compatible location endpoints plus the per-location processing status. */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Locations")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class LocationResource {

    @Inject
    LocationService service;

    @Inject
    CurrentUser user;

    /** A location wrapped as GET /locations returns it. */
    public record LocationItem(Location data) {
    }

    @POST
    @Path("locations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "CreateLocation", summary = "Register a location",
            description = "Reads the root target (nested Locations are read by processing): when it cannot be read nothing is stored. "
                    + "Otherwise the location is registered, its valid entities are ingested, and each entity that is invalid, not allowed "
                    + "by the catalog rules or not the caller's to register is listed in errors (file, document, field, message) and in "
                    + "the location's status. With dryRun nothing is stored; every entity that would be ingested is returned, nested "
                    + "Locations included, with the same errors.")
    @APIResponse(responseCode = "201", description = "Registered (or read, for a dry run)", content = @Content(schema = @Schema(implementation = AddLocationResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, unknown type or malformed target/YAML", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Target refused (outside file roots, private address), no entity of it is the caller's to register, or onConflict=refresh by someone who may not refresh it", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "Target does not exist", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Already registered (unless onConflict=refresh)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "Target over the size limit, or expanding beyond the node or byte bound", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "Target unreachable or too slow (time budget)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response create(@Parameter(description = "yes/no/true/false/1/0") @QueryParam("dryRun") String dryRun,
            @Parameter(description = "reject (default): 409 when already registered; refresh: make the registered location due now and return it")
            @QueryParam("onConflict") String onConflict, LocationSpec spec) {
        return Response.status(201).entity(service.register(spec, parseBoolean(dryRun), EntityResource.oneOf(onConflict, "onConflict", "reject", "refresh").equals("refresh"), user.get())).build();
    }

    @GET
    @Path("locations")
    @Operation(operationId = "GetLocations", summary = "List registered locations")
    @APIResponse(responseCode = "200", description = "Locations, each wrapped in data", content = @Content(schema = @Schema(implementation = LocationItem[].class)))
    public List<LocationItem> list() {
        return service.list().stream().map(LocationItem::new).toList();
    }

    @GET
    @Path("locations/{id}")
    @Operation(operationId = "GetLocation", summary = "Get a location by id")
    @APIResponse(responseCode = "200", description = "The location", content = @Content(schema = @Schema(implementation = Location.class)))
    @APIResponse(responseCode = "404", description = "No such location", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Location get(@PathParam("id") String id) {
        return service.get(id);
    }

    @GET
    @Path("locations/{id}/status")
    @Operation(operationId = "GetLocationStatus", summary = "Processing state and errors of a location and its entities")
    @APIResponse(responseCode = "200", description = "Status", content = @Content(schema = @Schema(implementation = LocationStatus.class)))
    @APIResponse(responseCode = "404", description = "No such location", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public LocationStatus status(@PathParam("id") String id) {
        return service.status(id);
    }

    @DELETE
    @Path("locations/{id}")
    @Operation(operationId = "DeleteLocation", summary = "Unregister a location and remove the entities only it emitted")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "Caller may not remove it", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such location", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response delete(@PathParam("id") String id) {
        service.delete(id, user.get());
        return Response.noContent().build();
    }

    @GET
    @Path("locations/by-entity/{kind}/{namespace}/{name}")
    @Operation(operationId = "GetLocationByEntity", summary = "The registered location an entity came from")
    @APIResponse(responseCode = "200", description = "The location", content = @Content(schema = @Schema(implementation = Location.class)))
    @APIResponse(responseCode = "404", description = "No such entity or location", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Location byEntity(@PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        return service.byEntity(kind, namespace, name);
    }

    static boolean parseBoolean(String v) {
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "1" -> true;
            case "no", "false", "0" -> false;
            default -> throw new InputError("Invalid dryRun value \"" + v + "\", expected yes/no/true/false/1/0");
        };
    }

    // ---- Location queries and updates (@backstage/catalog-client queryLocations, streamLocations, updateLocation) ----

    @Inject
    LocationQueries queries;

    @POST
    @Path("locations/by-query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "GetLocationsByQuery", summary = "Query registered locations",
            description = "Locations in id order, filtered by a predicate over id, type, target and entityRef, with cursor paging.")
    @APIResponse(responseCode = "200", description = "A page of locations", content = @Content(schema = @Schema(implementation = LocationQueries.QueryResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid predicate, limit or cursor", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public LocationQueries.QueryResponse query(LocationQueries.QueryRequest body) {
        return queries.query(body);
    }

    @PUT
    @Path("locations/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "UpdateLocation", summary = "Point a registered location at another type and target",
            description = "Keeps the id. The caller must be allowed to remove the location; the new target is read and authorized like a "
                    + "registration, and the caller becomes the identity the location is processed for. Then the entities read through "
                    + "the old target are removed and the new target is processed at once.")
    @APIResponse(responseCode = "200", description = "The changed location", content = @Content(schema = @Schema(implementation = Location.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, unknown type or malformed target/YAML", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller may not change the location, or the new target is refused or holds another team's entities", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such location, or the new target does not exist", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Another location has that type and target", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "New target over the size limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "New target holds invalid or disallowed entities", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Location update(@PathParam("id") String id, LocationSpec spec) {
        return service.update(id, spec, user.get());
    }
    // ---- end of location queries and updates ----
}
