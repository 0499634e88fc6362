package dev.atrium.catalog.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.testing.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract: every public endpoint is listed with operation and responses. */
@QuarkusTest
class OpenApiContractTest {
    private static final Map<String, List<String>> ENDPOINTS = Map.ofEntries(
            Map.entry("/api/catalog/entities", List.of("get")),
            Map.entry("/api/catalog/entities/by-query", List.of("get", "post")),
            Map.entry("/api/catalog/entities/by-refs", List.of("post")),
            Map.entry("/api/catalog/entities/by-uid/{uid}", List.of("get", "delete")),
            Map.entry("/api/catalog/entities/by-name/{kind}/{namespace}/{name}", List.of("get")),
            Map.entry("/api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry", List.of("get")),
            Map.entry("/api/catalog/entity-facets", List.of("get", "post")),
            Map.entry("/api/catalog/refresh", List.of("post")),
            Map.entry("/api/catalog/locations", List.of("get", "post")),
            Map.entry("/api/catalog/locations/{id}", List.of("get", "put", "delete")),
            Map.entry("/api/catalog/locations/by-query", List.of("post")),
            Map.entry("/api/catalog/locations/{id}/status", List.of("get")),
            Map.entry("/api/catalog/locations/by-entity/{kind}/{namespace}/{name}", List.of("get")),
            Map.entry("/api/catalog/analyze-location", List.of("post")),
            Map.entry("/api/catalog/validate-entity", List.of("post")),
            Map.entry("/api/catalog/model", List.of("get")),
            Map.entry("/api/catalog/model/kinds/{kind}", List.of("get", "put")),
            Map.entry("/api/catalog/history", List.of("get")),
            Map.entry("/api/catalog/ownership/{groupRef}", List.of("get")));

    @Test
    void everyEndpointIsDocumentedWithOperationResponsesAndErrors() {
        JsonPath doc = OpenApiContract.document();
        OpenApiContract.assertOperations(doc, ENDPOINTS, OpenApiContract.requires("401"));
        assertNotNull(doc.get("components.schemas.Error"));
        assertNotNull(doc.get("components.schemas.Entity"));
        assertNotNull(doc.get("components.schemas.Location.properties.entityRef"), "Location.entityRef (required by @backstage/catalog-client)");
    }

    /** The documented bodies are the types the resources send: their fields are the ones in the responses. */
    @Test
    void documentedBodiesMatchWhatIsSent() {
        JsonPath doc = OpenApiContract.document();
        assertProperties(doc, "EntitiesQueryResponse", "items", "totalItems", "pageInfo");
        assertProperties(doc, "PageInfo", "nextCursor", "prevCursor");
        assertProperties(doc, "QueryEntitiesByPredicateRequest", "cursor", "limit", "offset", "orderBy", "fullTextFilter", "fields", "totalItems", "query");
        assertProperties(doc, "EntityFacetsRequest", "facets", "query");
        assertProperties(doc, "EntityFacetsResponse", "facets");
        assertProperties(doc, "EntitiesBatchRequest", "entityRefs", "fields", "query");
        assertProperties(doc, "EntitiesBatchResponse", "items");
        assertProperties(doc, "EntityAncestryResponse", "rootEntityRef", "items");
        assertProperties(doc, "GetLocationsByQueryRequest", "cursor", "limit", "query");
        assertProperties(doc, "LocationsQueryResponse", "items", "totalItems", "pageInfo");
        assertProperties(doc, "Error", "type", "title", "status", "detail", "instance", "error", "request", "response", "errors", "errorId");
        Object items = doc.get("components.schemas.EntitiesQueryResponse.properties.items");
        assertTrue(String.valueOf(items).contains("array") && String.valueOf(items).contains("#/components/schemas/Entity"), String.valueOf(items));
        Object queryResponse = doc.get("paths.'/api/catalog/entities/by-query'.post.responses.200.content");
        assertTrue(String.valueOf(queryResponse).contains("EntitiesQueryResponse"), String.valueOf(queryResponse));
        Object conflict = doc.get("paths.'/api/catalog/locations/{id}'.put.responses.409.content");
        assertTrue(String.valueOf(conflict).contains("Error"), String.valueOf(conflict));
    }

    private static void assertProperties(JsonPath doc, String schema, String... properties) {
        Map<String, Object> props = doc.getMap("components.schemas." + schema + ".properties");
        assertNotNull(props, "schema " + schema);
        assertTrue(props.keySet().containsAll(List.of(properties)) && props.size() == properties.length,
                schema + " documents " + props.keySet() + ", expected " + List.of(properties));
    }

    @Test
    void healthAndMetricsAreOpen() {
        OpenApiContract.assertHealthAndMetricsAreOpen();
    }
}
