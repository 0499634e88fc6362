package dev.atrium.catalog.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.search.Keyset;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Cursor paging of by-query over generated entities, through the real SQL: for random orders of
 * one to three keys (columns, search-table values some entities lack, arrays, the uid) in either
 * direction, the pages visit every entity once in the expected order, totalItems stays the same,
 * and walking back with prevCursor gives the same pages down to the first. GET and POST alike.
 */
@QuarkusTest
class EntityQueryPagingTest extends CatalogTestSupport {
    private static final int COUNT = 25;
    private static final List<String> FIELDS = List.of("metadata.name", "metadata.title", "spec.type", "metadata.labels.tier",
            "metadata.tags", "metadata.uid", "kind");
    private final String namespace = "pg" + UUID.randomUUID().toString().substring(0, 6);
    private String location;
    /** Entity name -> value of each field in {@link #FIELDS}, as the catalog sorts them (lower case, null when missing). */
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private void generateEntities() {
        Random random = new Random(4711);
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            String name = "e" + (char) ('a' + random.nextInt(26)) + String.format("%02d", i);
            StringBuilder doc = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
                    + "\n  namespace: " + namespace + "\n");
            if (random.nextInt(3) > 0) {
                doc.append("  title: T").append((char) ('a' + random.nextInt(3))).append('\n');
            }
            if (random.nextBoolean()) {
                doc.append("  labels:\n    tier: t").append(random.nextInt(3)).append('\n');
            }
            int tags = random.nextInt(3);
            if (tags > 0) {
                doc.append("  tags: [");
                for (int t = 0; t < tags; t++) {
                    doc.append(t > 0 ? ", " : "").append((char) ('k' + random.nextInt(4)));
                }
                doc.append("]\n");
            }
            doc.append("spec:\n  type: ").append(random.nextBoolean() ? "service" : "library")
                    .append("\n  lifecycle: production\n  owner: payments-team\n");
            yaml.append(i > 0 ? "---\n" : "").append(doc);
        }
        location = register(admin(), writeCatalog(yaml.toString()));
        settle();
        List<Map<String, Object>> entities = as(admin()).queryParam("filter", "metadata.namespace=" + namespace)
                .get("/api/catalog/entities").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(COUNT, entities.size());
        for (Map<String, Object> e : entities) {
            JsonPath doc = new JsonPath(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(e).toString());
            List<String> v = new ArrayList<>();
            v.add(doc.getString("metadata.name").toLowerCase());
            v.add(lower(doc.getString("metadata.title")));
            v.add(lower(doc.getString("spec.type")));
            v.add(lower(doc.getString("metadata.labels.tier")));
            List<String> tags = doc.getList("metadata.tags");
            v.add(tags == null || tags.isEmpty() ? null : tags.stream().map(String::toLowerCase).sorted().findFirst().get());
            v.add(doc.getString("metadata.uid"));
            v.add("component");
            values.put(doc.getString("metadata.name"), v);
        }
    }

    private void removeEntities() {
        as(admin()).delete("/api/catalog/locations/" + location).then().statusCode(204);
        settle();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase();
    }

    @Test
    void everyOrderPagesForwardAndBackOverTheSameEntities() {
        generateEntities();
        try {
            walkRandomOrders();
        } finally {
            removeEntities();
        }
    }

    private void walkRandomOrders() {
        Random random = new Random(11);
        for (int run = 0; run < 16; run++) {
            int keyCount = 1 + random.nextInt(3);
            List<Integer> fields = new ArrayList<>();
            List<Keyset.Key> keys = new ArrayList<>();
            while (fields.size() < keyCount) {
                int f = random.nextInt(FIELDS.size());
                if (!fields.contains(f)) {
                    fields.add(f);
                    keys.add(new Keyset.Key(FIELDS.get(f), random.nextBoolean()));
                }
            }
            int limit = 2 + random.nextInt(5);
            boolean post = run % 2 == 1;
            String context = (post ? "POST " : "GET ") + keys + " limit " + limit;
            List<String> expected = expectedOrder(keys, fields);
            List<List<String>> forward = new ArrayList<>();
            JsonPath page = first(keys, limit, post);
            assertNull(page.get("pageInfo.prevCursor"), context);
            forward.add(page.getList("items.metadata.name"));
            while (page.get("pageInfo.nextCursor") != null) {
                assertEquals(COUNT, page.getInt("totalItems"), context);
                page = next(page.getString("pageInfo.nextCursor"), limit, post);
                forward.add(page.getList("items.metadata.name"));
                assertTrue(forward.size() <= 40, context);
            }
            assertEquals(expected, forward.stream().flatMap(List::stream).toList(), context);
            List<List<String>> backward = new ArrayList<>();
            backward.add(page.getList("items.metadata.name"));
            while (page.get("pageInfo.prevCursor") != null) {
                page = next(page.getString("pageInfo.prevCursor"), limit, post);
                assertEquals(COUNT, page.getInt("totalItems"), context);
                backward.add(0, page.getList("items.metadata.name"));
                assertTrue(backward.size() <= 40, context);
            }
            assertEquals(forward, backward, context);
        }
    }

    /** The order the catalog promises, computed from the entities' values with {@link Keyset#comparator}. */
    private List<String> expectedOrder(List<Keyset.Key> keys, List<Integer> fields) {
        Comparator<Map.Entry<String, List<String>>> order = Keyset.comparator(keys,
                e -> fields.stream().map(f -> e.getValue().get(f)).toList(), e -> e.getValue().get(FIELDS.indexOf("metadata.uid")));
        return values.entrySet().stream().sorted(order).map(Map.Entry::getKey).toList();
    }

    private JsonPath first(List<Keyset.Key> keys, int limit, boolean post) {
        if (post) {
            List<Map<String, String>> orderBy = keys.stream().map(k -> Map.of("field", k.field(), "order", k.ascending() ? "asc" : "desc")).toList();
            return as(alice()).body(Map.of("query", Map.of("metadata.namespace", namespace, "kind", Map.of("$in", List.of("Component"))),
                    "orderBy", orderBy, "limit", limit, "fields", List.of("metadata.name")))
                    .post("/api/catalog/entities/by-query").then().statusCode(200).extract().jsonPath();
        }
        var request = as(alice()).queryParam("filter", "metadata.namespace=" + namespace).queryParam("limit", limit)
                .queryParam("fields", "metadata.name");
        for (Keyset.Key k : keys) {
            request = request.queryParam("orderField", k.field() + "," + (k.ascending() ? "asc" : "desc"));
        }
        return request.get("/api/catalog/entities/by-query").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath next(String cursor, int limit, boolean post) {
        if (post) {
            return as(alice()).body(Map.of("cursor", cursor, "limit", limit, "fields", List.of("metadata.name")))
                    .post("/api/catalog/entities/by-query").then().statusCode(200).extract().jsonPath();
        }
        return as(alice()).queryParam("cursor", cursor).queryParam("limit", limit).queryParam("fields", "metadata.name")
                .get("/api/catalog/entities/by-query").then().statusCode(200).extract().jsonPath();
    }
}
