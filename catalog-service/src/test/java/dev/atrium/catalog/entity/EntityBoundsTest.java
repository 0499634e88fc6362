package dev.atrium.catalog.entity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a caller can make the entity API do is bounded: a list without a limit is streamed rather
 * than built in memory, pages, offsets, batches and facets have caps that answer 400 (never a
 * silently clipped or empty result), and validation errors per entity are capped.
 */
@QuarkusTest
class EntityBoundsTest extends CatalogTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/catalog/entities")
    URL entities;

    @Test
    void listWithoutALimitStreamsEveryEntity() throws Exception {
        ensureFixtureCatalog();
        int total = as(alice()).queryParam("limit", 0).get("/api/catalog/entities/by-query").then().statusCode(200)
                .extract().path("totalItems");
        Response all = as(alice()).get("/api/catalog/entities");
        all.then().statusCode(200).contentType(containsString("application/json"));
        assertNull(all.header("Content-Length"), "a streamed list has no Content-Length");
        assertEquals("chunked", all.header("Transfer-Encoding"));
        JsonNode list = JSON.readTree(all.asByteArray());
        assertEquals(total, list.size());
        Set<String> uids = new HashSet<>();
        list.forEach(e -> uids.add(e.path("metadata").path("uid").asText()));
        assertEquals(total, uids.size(), "every entity once");
        JsonNode projected = JSON.readTree(as(alice()).queryParam("fields", "kind").queryParam("filter", "kind=component")
                .queryParam("order", "desc:metadata.name").get("/api/catalog/entities").asByteArray());
        assertTrue(projected.size() > 1);
        projected.forEach(e -> assertEquals(List.of("kind"), iterable(e.fieldNames())));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /**
     * 200 entities of about 60 KB each: while a client reads the list slowly, the service holds
     * far less than the list on its heap (rows come through a database cursor, and the response
     * waits for the client instead of queueing).
     */
    @Test
    void listWithoutALimitHoldsOnlyAFewRowsInMemory() throws Exception {
        String namespace = "big" + unique("x").substring(2);
        String description = "a".repeat(60_000);
        // one location per file: the test profile's read budgets (files, targets and bytes per pass) stay as they are
        List<String> locations = new ArrayList<>();
        for (int f = 0; f < 50; f++) {
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                yaml.append(i > 0 ? "---\n" : "").append("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: big-")
                        .append(f * 4 + i).append("\n  namespace: ").append(namespace).append("\n  description: ").append(description)
                        .append("\nspec: {type: service, lifecycle: production, owner: payments-team}\n");
            }
            locations.add(register(admin(), writeCatalog(yaml.toString())));
        }
        try {
            settle();
            long payload = 200L * description.length();
            long baseline = heapAfterGc();
            HttpURLConnection c = (HttpURLConnection) new URL(entities + "?filter=metadata.namespace=" + namespace).openConnection();
            c.setRequestProperty("Authorization", "Bearer " + alice());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = c.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while (body.size() < 256 * 1024 && (n = in.read(buf)) > 0) {
                    body.write(buf, 0, n);
                }
                Thread.sleep(1_500); // the service writes until the client's socket and its own write queue are full
                long held = heapAfterGc() - baseline;
                assertTrue(held < payload / 2, "held " + held + " bytes while streaming " + payload + " bytes of entities");
                in.transferTo(body);
            }
            JsonNode list = JSON.readTree(body.toByteArray());
            assertEquals(200, list.size());
            Set<String> names = new HashSet<>();
            list.forEach(e -> names.add(e.path("metadata").path("name").asText()));
            assertEquals(200, names.size());
        } finally {
            locations.forEach(l -> as(admin()).delete("/api/catalog/locations/" + l).then().statusCode(204));
            settle();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    @Test
    void limitsOffsetsAndBatchesOverTheirCapsAre400() {
        // 2147483647 + 1 used to overflow into a silent LIMIT 0
        for (String limit : List.of("2147483647", "10001", "0", "-1")) {
            as(alice()).queryParam("limit", limit).get("/api/catalog/entities").then().statusCode(400).body("error.name", equalTo("InputError"));
        }
        as(alice()).queryParam("limit", "99999999999").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("offset", "1000001").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("offset", "1000001").queryParam("limit", 5).get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("limit", "10001").get("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).queryParam("limit", "2147483647").get("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).queryParam("offset", "2147483647").get("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).body(Map.of("limit", 2147483647)).post("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).queryParam("limit", "10000").get("/api/catalog/entities/by-query").then().statusCode(200);

        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            refs.add("component:default/c" + i);
        }
        as(alice()).body(Map.of("entityRefs", refs)).post("/api/catalog/entities/by-refs").then().statusCode(400)
                .body("error.message", containsString("at most 1000"));
        as(alice()).body(Map.of("entityRefs", refs.subList(0, 1000))).post("/api/catalog/entities/by-refs").then().statusCode(200)
                .body("items", hasSize(1000));

        var facets = as(alice());
        for (int i = 0; i < 21; i++) {
            facets = facets.queryParam("facet", "spec.f" + i);
        }
        facets.get("/api/catalog/entity-facets").then().statusCode(400);
        var order = as(alice());
        for (int i = 0; i < 6; i++) {
            order = order.queryParam("orderField", "spec.f" + i + ",asc");
        }
        order.get("/api/catalog/entities/by-query").then().statusCode(400);
    }

    @Test
    void validationErrorsPerEntityAreCapped() {
        // every unknown root field is an error of its own
        StringBuilder roots = new StringBuilder();
        StringBuilder yaml = new StringBuilder("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: many-errors}\n"
                + "spec: {type: service, lifecycle: production, owner: payments-team}\n");
        for (int i = 0; i < 300; i++) {
            roots.append(",\"x").append(i).append("\":1");
            yaml.append("x").append(i).append(": 1\n");
        }
        String entity = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"many-errors\"},"
                + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"payments-team\"}" + roots + "}";
        as(alice()).body("{\"entity\":" + entity + ",\"location\":\"url:https://git.example.com/a/b/blob/main/catalog-info.yaml\"}")
                .post("/api/catalog/validate-entity").then().statusCode(400)
                .body("errors", hasSize(KindRegistry.MAX_ERRORS_PER_ENTITY))
                .body("errors[" + (KindRegistry.MAX_ERRORS_PER_ENTITY - 1) + "].message", containsString("281 more errors were left out"));
        // the same entity read from a catalog file is reported with the same cap
        int before = locationCount();
        String report = as(alice()).queryParam("dryRun", "true")
                .body(Map.of("type", "file", "target", writeCatalog(yaml.toString()).toString())).post("/api/catalog/locations")
                .then().extract().asString();
        assertTrue(report.contains("281 more errors were left out"), report);
        assertTrue(report.contains("\\\"x18\\\"") && !report.contains("\\\"x19\\\""), "19 field errors, then the summary: " + report);
        assertEquals(before, locationCount(), "a dry run stores nothing");
    }
}
