package dev.atrium.catalog.entity;

import dev.atrium.commons.error.ErrorBody;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.paging.CursorCodec;
import dev.atrium.commons.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Backstage-compatible entity endpoints: list, query, lookups, facets, ancestry, refresh, delete. */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Entity")
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class EntityResource {

    @Inject
    EntityService service;

    @Inject
    CurrentUser user;

    @GET
    @Path("entities")
    @Operation(operationId = "GetEntities", summary = "List entities",
            description = "Legacy list with filter, fields, order and offset/limit/after paging; a Link header points at the next page. "
                    + "Without limit and after, every match is streamed as one JSON array, read from the database as it is written.")
    @APIResponse(responseCode = "200", description = "Entities", content = @Content(schema = @Schema(implementation = EntityApi.Entity[].class)))
    @APIResponse(responseCode = "400", description = "Invalid filter, order, fields or paging (limit or offset over its cap)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response list(
            @Parameter(description = "Filter, e.g. kind=component,spec.type=service; repeat to OR") @QueryParam("filter") List<String> filter,
            @Parameter(description = "Dot paths to return, comma-separated or repeated") @QueryParam("fields") List<String> fields,
            @Parameter(description = "asc:<field> or desc:<field>, repeatable") @QueryParam("order") List<String> order,
            @Parameter(description = "Number of entities to skip") @QueryParam("offset") String offset,
            @Parameter(description = "Page size") @QueryParam("limit") String limit,
            @Parameter(description = "Opaque cursor from the Link header") @QueryParam("after") String after,
            @Context UriInfo uri) {
        Integer off = integer(offset, "offset");
        Integer lim = integer(limit, "limit");
        if (after != null) {
            EntityApi.AfterCursor c = CursorCodec.decode(after, EntityApi.AfterCursor.class);
            if (c.limit() == null || c.offset() == null) {
                throw new InputError("Malformed after cursor");
            }
            off = c.offset();
            lim = c.limit();
        }
        if (lim == null) {
            return Response.ok(service.stream(nonEmpty(filter), nonEmpty(fields), nonEmpty(order), off), MediaType.APPLICATION_JSON_TYPE).build();
        }
        EntityService.ListResult result = service.list(nonEmpty(filter), nonEmpty(fields), nonEmpty(order), off, lim);
        Response.ResponseBuilder rb = Response.ok(result.items());
        if (result.nextOffset() != null) {
            String cursor = CursorCodec.encode(new EntityApi.AfterCursor(lim, result.nextOffset()));
            java.net.URI u = uri.getRequestUriBuilder().replaceQueryParam("offset").replaceQueryParam("limit")
                    .replaceQueryParam("after", cursor).build();
            String next = u.getRawPath() + "?" + u.getRawQuery();
            rb.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return rb.build();
    }

    @GET
    @Path("entities/by-query")
    @Operation(operationId = "GetEntitiesByQuery", summary = "Query entities with cursor paging",
            description = "Keyset-paginated query over one or more orderField keys; totalItems is counted on the first page and carried in the cursor.")
    @APIResponse(responseCode = "200", description = "A page of entities", content = @Content(schema = @Schema(implementation = EntityApi.QueryResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter, orderField, cursor, offset or limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EntityApi.QueryResponse query(
            @Parameter(description = "Filter, repeat to OR") @QueryParam("filter") List<String> filter,
            @Parameter(description = "Dot paths to return") @QueryParam("fields") List<String> fields,
            @Parameter(description = "<field>,asc|desc; repeat for more keys, each deciding ties of the ones before") @QueryParam("orderField") List<String> orderField,
            @Parameter(description = "Cursor from pageInfo; replaces filter, orderField and full-text parameters") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, default 20; 0 returns only totalItems") @QueryParam("limit") String limit,
            @Parameter(description = "Offset for the first page") @QueryParam("offset") String offset,
            @Parameter(description = "Case-insensitive substring to search for") @QueryParam("fullTextFilterTerm") String term,
            @Parameter(description = "Comma-separated fields the term is searched in") @QueryParam("fullTextFilterFields") String termFields,
            @Parameter(description = "include (default) or exclude: exclude skips counting and returns totalItems 0") @QueryParam("totalItems") String totalItems) {
        return response(service.query(nonEmpty(filter), nonEmpty(fields), nonEmpty(orderField), cursor,
                integer(limit, "limit"), integer(offset, "offset"), term, termFields, !oneOf(totalItems, "totalItems", "include", "exclude").equals("exclude")));
    }

    @POST
    @Path("entities/by-query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "QueryEntitiesByPredicate", summary = "Query entities with a filter predicate",
            description = "The body twin of GET /entities/by-query: a filter predicate ($all, $any, $not; $exists, $in, $hasPrefix, $contains), "
                    + "several orderBy keys, full text and fields. Its cursors carry the predicate and go back to this endpoint.")
    @APIResponse(responseCode = "200", description = "A page of entities", content = @Content(schema = @Schema(implementation = EntityApi.QueryResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid predicate, orderBy, cursor, offset or limit", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EntityApi.QueryResponse queryByPredicate(EntityApi.QueryRequest body) {
        return response(service.queryByPredicate(body));
    }

    private static EntityApi.QueryResponse response(EntityService.QueryResult r) {
        return new EntityApi.QueryResponse(r.items(), r.totalItems(), new EntityApi.PageInfo(r.nextCursor(), r.prevCursor()));
    }

    @POST
    @Path("entities/by-refs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "GetEntitiesByRefs", summary = "Get a batch of entities by ref", description = "items has the same length and order as entityRefs, with null for missing entities.")
    @APIResponse(responseCode = "200", description = "Entities or null", content = @Content(schema = @Schema(implementation = EntityApi.ByRefsResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, invalid ref, predicate or filter, or more refs than allowed", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EntityApi.ByRefsResponse byRefs(@Parameter(description = "Filter the entities must also match (not with a query in the body)") @QueryParam("filter") List<String> filter,
            EntityApi.ByRefsRequest body) {
        if (body == null || body.entityRefs() == null) {
            throw new InputError("Request body must be an object with entityRefs, an array of entity refs");
        }
        boolean predicate = body.query() != null && !body.query().isNull();
        if (predicate && nonEmpty(filter) != null) {
            throw new InputError("Give either a query in the body or filter parameters, not both");
        }
        List<String> fields = nonEmpty(body.fields());
        List<?> items = predicate
                ? service.byRefs(body.entityRefs(), fields, body.query())
                : service.byRefs(body.entityRefs(), fields, nonEmpty(filter));
        return new EntityApi.ByRefsResponse(new java.util.ArrayList<>(items)); // keeps the nulls of missing refs
    }

    @GET
    @Path("entities/by-uid/{uid}")
    @Operation(operationId = "GetEntityByUid", summary = "Get an entity by uid")
    @APIResponse(responseCode = "200", description = "The entity", content = @Content(schema = @Schema(implementation = EntityApi.Entity.class)))
    @APIResponse(responseCode = "404", description = "No such entity", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public String byUid(@PathParam("uid") String uid) {
        return service.byUidJson(uid);
    }

    @DELETE
    @Path("entities/by-uid/{uid}")
    @Operation(operationId = "DeleteEntityByUid", summary = "Delete an entity", description = "Owners, domain owners and platform admins only. An entity still emitted by a location returns on its next refresh.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Caller does not own the entity", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such entity", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response deleteByUid(@PathParam("uid") String uid) {
        service.deleteByUid(uid, user.get());
        return Response.noContent().build();
    }

    @GET
    @Path("entities/by-name/{kind}/{namespace}/{name}")
    @Operation(operationId = "GetEntityByName", summary = "Get an entity by kind, namespace and name")
    @APIResponse(responseCode = "200", description = "The entity", content = @Content(schema = @Schema(implementation = EntityApi.Entity.class)))
    @APIResponse(responseCode = "404", description = "No such entity", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public byte[] byName(@PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        return service.byNameJson(kind, namespace, name);
    }

    @GET
    @Path("entities/by-name/{kind}/{namespace}/{name}/ancestry")
    @Operation(operationId = "GetEntityAncestryByName", summary = "Get the processing ancestry of an entity")
    @APIResponse(responseCode = "200", description = "The chain from the entity up to its root location", content = @Content(schema = @Schema(implementation = EntityApi.Ancestry.class)))
    @APIResponse(responseCode = "404", description = "No such entity", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EntityApi.Ancestry ancestry(@PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name) {
        return service.ancestry(kind, namespace, name);
    }

    @GET
    @Path("entity-facets")
    @Operation(operationId = "GetEntityFacets", summary = "Count entities per value of one or more fields")
    @APIResponse(responseCode = "200", description = "Facet counts", content = @Content(schema = @Schema(implementation = EntityApi.FacetsResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing or too many facets, or an invalid filter", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EntityApi.FacetsResponse facets(@Parameter(description = "Field to count, repeatable", required = true) @QueryParam("facet") List<String> facet,
            @Parameter(description = "Filter") @QueryParam("filter") List<String> filter) {
        return new EntityApi.FacetsResponse(service.facets(nonEmpty(facet), nonEmpty(filter)));
    }

    @POST
    @Path("entity-facets")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "QueryEntityFacetsByPredicate", summary = "Count entities per value, restricted by a filter predicate")
    @APIResponse(responseCode = "200", description = "Facet counts", content = @Content(schema = @Schema(implementation = EntityApi.FacetsResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing or too many facets, or an invalid predicate", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public EntityApi.FacetsResponse facetsByPredicate(EntityApi.FacetsRequest body) {
        if (body == null) {
            throw new InputError("Request body must be an object with facets, an array of fields");
        }
        return new EntityApi.FacetsResponse(service.facets(nonEmpty(body.facets()), body.query()));
    }

    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "RefreshEntity", summary = "Schedule an entity and its location for immediate processing")
    @APIResponse(responseCode = "200", description = "Scheduled")
    @APIResponse(responseCode = "400", description = "Missing or invalid entityRef", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Caller neither registered the entity's location nor owns anything read through it", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No such entity", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response refresh(EntityApi.RefreshRequest body) {
        if (body == null || body.entityRef() == null) {
            throw new InputError("Request body must be an object with entityRef");
        }
        service.refresh(body.entityRef(), user.get());
        return Response.ok().build();
    }

    /**
     * A query parameter restricted to {@code allowed} values; absent or blank means the first one.
     * Anything else is a 400 naming the allowed values.
     */
    public static String oneOf(String value, String name, String... allowed) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return allowed[0];
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new InputError("Invalid " + name + " \"" + value + "\", expected " + String.join(" or ", allowed));
    }

    static Integer integer(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InputError("Invalid " + name + " \"" + value + "\", must be an integer");
        }
    }

    static List<String> nonEmpty(List<String> values) {
        return values == null || values.isEmpty() ? null : values;
    }
}
