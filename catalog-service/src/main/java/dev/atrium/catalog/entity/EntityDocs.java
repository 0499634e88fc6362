package dev.atrium.catalog.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** OpenAPI shapes of the Backstage-compatible responses (documentation types; the API returns JSON trees). */
public final class EntityDocs {
    private EntityDocs() {
    }

    /** A catalog entity. */
    @Schema(name = "Entity", description = "A catalog entity: envelope, metadata, kind-specific spec, generated relations and status")
    public record Entity(
            @Schema(example = "backstage.io/v1alpha1") String apiVersion,
            @Schema(example = "Component") String kind,
            EntityMetadata metadata,
            @Schema(description = "Kind-specific fields, see GET /model") JsonNode spec,
            List<EntityRelation> relations,
            @Schema(description = "Processing errors, if any") JsonNode status) {
    }

    /** Entity metadata. */
    @Schema(name = "EntityMeta")
    public record EntityMetadata(
            @Schema(example = "payments-api") String name,
            @Schema(example = "default") String namespace,
            String uid, String etag, String title, String description,
            Map<String, String> labels, Map<String, String> annotations, List<String> tags, List<JsonNode> links) {
    }

    /** A relation to another entity. */
    @Schema(name = "EntityRelation")
    public record EntityRelation(@Schema(example = "ownedBy") String type,
            @Schema(example = "group:default/payments-team") String targetRef) {
    }

    /** by-query response. */
    @Schema(name = "EntitiesQueryResponse")
    public record QueryResponse(List<Entity> items, int totalItems, PageInfo pageInfo) {
    }

    /** Cursor links of a by-query page. */
    @Schema(name = "PageInfo")
    public record PageInfo(String nextCursor, String prevCursor) {
    }

    /** by-refs request. */
    @Schema(name = "EntitiesBatchRequest")
    public record ByRefsRequest(
            @Schema(example = "[\"component:default/payments-api\"]", required = true) List<String> entityRefs,
            List<String> fields) {
    }

    /** by-refs response: same length and order as the request, null where missing. */
    @Schema(name = "EntitiesBatchResponse")
    public record ByRefsResponse(List<Entity> items) {
    }

    /** Facet counts. */
    @Schema(name = "EntityFacetsResponse")
    public record FacetsResponse(Map<String, List<FacetValue>> facets) {
    }

    /** One facet value and how many entities have it. */
    @Schema(name = "EntityFacet")
    public record FacetValue(String value, long count) {
    }

    /** Ancestry response. */
    @Schema(name = "EntityAncestryResponse")
    public record Ancestry(String rootEntityRef, List<AncestryItem> items) {
    }

    /** One entity of an ancestry chain. */
    @Schema(name = "EntityAncestryItem")
    public record AncestryItem(Entity entity, List<String> parentEntityRefs) {
    }

    /** Refresh request. */
    @Schema(name = "RefreshEntityRequest")
    public record RefreshRequest(@Schema(example = "component:default/payments-api", required = true) String entityRef,
            String authorizationToken) {
    }
}
