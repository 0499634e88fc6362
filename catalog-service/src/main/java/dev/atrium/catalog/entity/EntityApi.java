package dev.atrium.catalog.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Request and response bodies of the Backstage-compatible entity endpoints. The resources take and
 * return exactly these records; entity documents inside them are the stored JSON, described by
 * {@link Entity}.
 */
public final class EntityApi {
    private EntityApi() {
    }

    /** The shape of a catalog entity document (schema only: documents are served as stored). */
    @Schema(name = "Entity", description = "A catalog entity: envelope, metadata, kind-specific spec, generated relations and status")
    public record Entity(
            @Schema(example = "backstage.io/v1alpha1", required = true) String apiVersion,
            @Schema(example = "Component", required = true) String kind,
            @Schema(required = true) EntityMetadata metadata,
            @Schema(description = "Kind-specific fields, see GET /model") Map<String, Object> spec,
            List<EntityRelation> relations,
            @Schema(description = "Processing errors, if any") Map<String, Object> status) {
    }

    /** Entity metadata. */
    @Schema(name = "EntityMeta")
    public record EntityMetadata(
            @Schema(example = "payments-api", required = true) String name,
            @Schema(example = "default") String namespace,
            String uid, String etag, String title, String description,
            Map<String, String> labels, Map<String, String> annotations, List<String> tags, List<Map<String, Object>> links) {
    }

    /** A relation to another entity. */
    @Schema(name = "EntityRelation")
    public record EntityRelation(@Schema(example = "ownedBy") String type,
            @Schema(example = "group:default/payments-team") String targetRef) {
    }

    /** A page of {@code GET /entities/by-query} or {@code POST /entities/by-query}. */
    @Schema(name = "EntitiesQueryResponse")
    public record QueryResponse(
            @Schema(type = SchemaType.ARRAY, implementation = Entity.class, description = "Entities, projected to fields when asked") List<Object> items,
            @Schema(description = "Entities matching the query, counted on the first page and carried in the cursors; 0 with totalItems=exclude") int totalItems,
            PageInfo pageInfo) {
    }

    /** Cursors to the neighbouring pages; absent at either end. */
    @Schema(name = "PageInfo")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageInfo(String nextCursor, String prevCursor) {
    }

    /** Body of {@code POST /entities/by-refs}. */
    @Schema(name = "EntitiesBatchRequest")
    public record ByRefsRequest(
            @Schema(example = "[\"component:default/payments-api\"]", required = true) List<String> entityRefs,
            @Schema(description = "Dot paths to return") List<String> fields,
            @Schema(type = SchemaType.OBJECT, description = "Filter predicate the entities must also match; replaces the filter query parameter")
            JsonNode query) {
    }

    /** by-refs response: same length and order as the request, null where missing. */
    @Schema(name = "EntitiesBatchResponse")
    public record ByRefsResponse(
            @Schema(type = SchemaType.ARRAY, implementation = Entity.class, nullable = true) List<Object> items) {
    }

    /** Facet counts per requested facet. */
    @Schema(name = "EntityFacetsResponse")
    public record FacetsResponse(Map<String, List<FacetValue>> facets) {
    }

    /** One facet value and how many entities have it. */
    @Schema(name = "EntityFacet")
    public record FacetValue(String value, long count) {
    }

    /** Body of {@code POST /entity-facets}. */
    @Schema(name = "EntityFacetsRequest")
    public record FacetsRequest(
            @Schema(required = true, example = "[\"kind\", \"spec.type\"]") List<String> facets,
            @Schema(type = SchemaType.OBJECT, description = "Filter predicate, e.g. {\"kind\": \"component\"}") JsonNode query) {
    }

    /** Ancestry response. */
    @Schema(name = "EntityAncestryResponse")
    public record Ancestry(String rootEntityRef, List<AncestryItem> items) {
    }

    /** One entity of an ancestry chain. */
    @Schema(name = "EntityAncestryItem")
    public record AncestryItem(@Schema(implementation = Entity.class) Object entity, List<String> parentEntityRefs) {
    }

    /** Body of {@code POST /refresh}. */
    @Schema(name = "RefreshEntityRequest")
    public record RefreshRequest(@Schema(example = "component:default/payments-api", required = true) String entityRef,
            @Schema(description = "Accepted for compatibility; the caller's own token authorizes the refresh") String authorizationToken) {
    }

    /** Body of {@code POST /entities/by-query}: a first page, or a cursor and optionally limit and fields. */
    @Schema(name = "QueryEntitiesByPredicateRequest")
    public record QueryRequest(
            @Schema(description = "Cursor from pageInfo; replaces query, orderBy and fullTextFilter") String cursor,
            @Schema(description = "Page size, default 20; 0 returns only totalItems") Integer limit,
            @Schema(description = "Rows to skip on the first page") Integer offset,
            @Schema(description = "Sort keys in order; entities lacking a field sort last") List<OrderBy> orderBy,
            FullTextFilter fullTextFilter,
            @Schema(description = "Dot paths to return") List<String> fields,
            @Schema(enumeration = {"include", "exclude"}, description = "exclude skips counting; totalItems is then 0") String totalItems,
            @Schema(type = SchemaType.OBJECT, description = "Filter predicate: field expressions with $exists, $in, $hasPrefix, $contains, combined with $all, $any, $not")
            JsonNode query) {
    }

    /** One sort key. */
    @Schema(name = "EntityOrder")
    public record OrderBy(@Schema(required = true, example = "metadata.name") String field,
            @Schema(required = true, enumeration = {"asc", "desc"}) String order) {
    }

    /** Case-insensitive substring search. */
    @Schema(name = "FullTextFilter")
    public record FullTextFilter(@Schema(required = true) String term,
            @Schema(description = "Fields searched; default the first sort key's field, else name, title and description") List<String> fields) {
    }

    /** The {@code after} cursor of {@code GET /entities}. */
    public record AfterCursor(Integer limit, Integer offset) {
    }
}
