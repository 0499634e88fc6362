package dev.atrium.catalog.search;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filter predicates in POST /entities/by-query and /entity-facets: their semantics, and every malformed one is a 400. */
@QuarkusTest
class PredicateQueryTest extends CatalogTestSupport {

    @BeforeEach
    void catalog() {
        ensureFixtureCatalog();
    }

    private static int total(Object query) {
        return as(alice()).body(query == null ? Map.of("limit", 0) : Map.of("query", query, "limit", 0))
                .post("/api/catalog/entities/by-query").then().statusCode(200).extract().path("totalItems");
    }

    private static Set<String> refs(Object query) {
        List<Map<String, Object>> items = as(alice()).body(Map.of("query", query, "limit", 1000, "fields", List.of("kind", "metadata.name")))
                .post("/api/catalog/entities/by-query").then().statusCode(200).extract().path("items");
        Set<String> out = new HashSet<>();
        for (Map<String, Object> i : items) {
            out.add((i.get("kind") + ":" + ((Map<?, ?>) i.get("metadata")).get("name")).toLowerCase());
        }
        return out;
    }

    private static int getTotal(String filter) {
        return as(alice()).queryParam("filter", filter).queryParam("limit", 0).get("/api/catalog/entities/by-query")
                .then().statusCode(200).extract().path("totalItems");
    }

    @Test
    void predicatesSelectWhatTheEquivalentFiltersSelect() {
        int all = total(null);
        int components = getTotal("kind=component");
        assertTrue(components > 0 && components < all);
        assertEquals(components, total(Map.of("kind", "Component")));
        assertEquals(components, total(Map.of("kind", Map.of("$in", List.of("COMPONENT", "no-such-kind")))));
        assertEquals(all - components, total(Map.of("$not", Map.of("kind", "component"))));
        assertEquals(all, total(Map.of()));
        assertEquals(all, total(Map.of("$all", List.of())));
        assertEquals(0, total(Map.of("$any", List.of())));
        assertEquals(0, total(Map.of("kind", Map.of("$in", List.of()))));
        int owned = getTotal("spec.owner");
        assertEquals(owned, total(Map.of("spec.owner", Map.of("$exists", true))));
        assertEquals(all - owned, total(Map.of("spec.owner", Map.of("$exists", false))));
        assertEquals(getTotal("kind=component,spec.type=service") + getTotal("kind=api"),
                total(Map.of("$any", List.of(Map.of("kind", "component", "spec.type", "service"), Map.of("kind", "api")))));
        assertEquals(getTotal("relations.ownedBy=group:default/payments-team"),
                total(Map.of("relations", Map.of("$contains", Map.of("type", "ownedBy", "targetRef", "group:default/payments-team")))));
    }

    @Test
    void hasPrefixMatchesCaseInsensitivelyAndTreatsWildcardsLiterally() {
        Set<String> payments = refs(Map.of("kind", "component", "metadata.name", Map.of("$hasPrefix", "PAYMENTS")));
        assertTrue(payments.contains("component:payments-api"), payments.toString());
        assertTrue(payments.stream().allMatch(r -> r.startsWith("component:payments")), payments.toString());
        assertEquals(0, total(Map.of("metadata.name", Map.of("$hasPrefix", "paym_nts"))));
        assertEquals(0, total(Map.of("metadata.name", Map.of("$hasPrefix", "%"))));
        assertEquals(getTotal("relations.ownedBy=group:default/payments-team"),
                total(Map.of("relations.ownedby", Map.of("$hasPrefix", "group:default/payments-te"))));
    }

    @Test
    void facetsTakeAPredicate() {
        Map<String, Object> facets = as(alice()).body(Map.of("facets", List.of("kind"), "query", Map.of("$not", Map.of("kind", "component"))))
                .post("/api/catalog/entity-facets").then().statusCode(200).extract().path("facets");
        List<Map<String, Object>> kinds = (List<Map<String, Object>>) facets.get("kind");
        assertTrue(kinds.stream().noneMatch(k -> "Component".equals(k.get("value"))), kinds.toString());
        assertEquals(total(Map.of("$not", Map.of("kind", "component"))), kinds.stream().mapToInt(k -> ((Number) k.get("count")).intValue()).sum());
        as(alice()).body(Map.of("query", Map.of("kind", "component"))).post("/api/catalog/entity-facets").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void malformedPredicatesAre400() {
        Map<String, Object> deep = Map.of("kind", "component");
        for (int i = 0; i < 20; i++) {
            deep = Map.of("$not", deep);
        }
        List<Object> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            many.add("v" + i);
        }
        List<Object> bad = List.of(
                List.of(Map.of("kind", "component")),
                "kind",
                Map.of("$all", Map.of("kind", "component")),
                Map.of("$not", List.of()),
                Map.of("kind", List.of("a", "b")),
                Map.of("kind", Map.of("$in", "component")),
                Map.of("kind", Map.of("$in", List.of(Map.of("a", 1)))),
                Map.of("kind", Map.of("$exists", "yes")),
                Map.of("kind", Map.of("$regex", ".*")),
                Map.of("$where", "1=1"),
                Map.of("kind", Map.of("$in", List.of("component"), "$exists", true)),
                Map.of("$all", List.of(Map.of("kind", "a")), "kind", "b"),
                Map.of("metadata.tags", Map.of("$contains", Map.of("$in", List.of("a")))),
                Map.of("x".repeat(201), "a"),
                Map.of("kind", "comp\u0000onent"),
                Map.of("kind", "x".repeat(1001)),
                deep,
                Map.of("kind", Map.of("$in", many)));
        for (Object query : bad) {
            as(alice()).body(Map.of("query", query)).post("/api/catalog/entities/by-query").then()
                    .statusCode(400).body("error.name", equalTo("InputError"));
        }
        String nullQuery = "{\"query\":{\"kind\":null}}";
        as(alice()).body(nullQuery).post("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).body(Map.of("orderBy", List.of(Map.of("field", "metadata.name", "order", "up")))).post("/api/catalog/entities/by-query")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).body(Map.of("cursor", "bm90IGEgY3Vyc29y")).post("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).body("{\"limit\":\"many\"}").post("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).queryParam("filter", "kind=component").body(Map.of("entityRefs", List.of("component:default/payments-api"), "query", Map.of("kind", "api")))
                .post("/api/catalog/entities/by-refs").then().statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void aPredicateCursorCarriesTheQueryAndPagesThroughGetToo() {
        String cursor = as(alice()).body(Map.of("query", Map.of("kind", "component"), "limit", 1)).post("/api/catalog/entities/by-query")
                .then().statusCode(200).extract().path("pageInfo.nextCursor");
        String json = new String(java.util.Base64.getDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"query\":{\"kind\":\"component\"}"), json);
        int components = getTotal("kind=component");
        as(alice()).body(Map.of("cursor", cursor, "limit", 1)).post("/api/catalog/entities/by-query").then().statusCode(200)
                .body("totalItems", equalTo(components)).body("items[0].kind", equalTo("Component"));
        as(alice()).queryParam("cursor", cursor).queryParam("limit", 1).get("/api/catalog/entities/by-query").then().statusCode(200)
                .body("totalItems", equalTo(components)).body("items[0].kind", equalTo("Component"));
    }
}
