package dev.atrium.catalog.entity;

import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * By-name reads are served from {@link ReadCache}; every change to an entity or its relations,
 * whether made by this instance's processing or directly in the database by another instance, must
 * show up in the next reads.
 */
@QuarkusTest
class ReadCacheTest extends CatalogTestSupport {

    @Inject
    ReadCache cache;

    @Inject
    EntityChangeListener listener;

    /** Waits up to ten seconds for {@code condition}. */
    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(25);
        }
    }

    /** Ends the listener's PostgreSQL backend, as a failover or an operator would; returns how many were ended. */
    private int terminateListenerBackend() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, EntityChangeListener.APPLICATION_NAME);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Response byName(String name) {
        return as(alice()).get("/api/catalog/entities/by-name/component/default/" + name);
    }

    /** Polls by-name until {@code expected} holds, failing after five seconds. */
    private static JsonPath eventually(String name, Predicate<Response> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        Response last;
        do {
            last = byName(name);
            if (expected.test(last)) {
                return last.jsonPath();
            }
            Thread.sleep(25);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("by-name never showed the change; last answer " + last.statusCode() + ": " + last.asString());
    }

    private void sql(String statement, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void changesFromProcessingAndFromOtherInstancesReachCachedReads() throws Exception {
        String name = unique("cached");
        Path file = writeCatalog(component(name, "group:default/payments-team"));
        register(alice(), file);
        settle();
        assertTrue(cache.isListening(), "the change listener should be connected");

        JsonPath first = byName(name).then().statusCode(200).extract().jsonPath();
        assertEquals(first.getString("metadata.etag"), byName(name).jsonPath().getString("metadata.etag"));
        assertTrue(cache.size() > 0, "a by-name read should be kept");

        // 1. The location changes and is re-processed by this instance.
        rewrite(file, component(name, "group:default/payments-team").replace("metadata:\n", "metadata:\n  description: second\n"));
        as(admin()).body("{\"entityRef\":\"component:default/" + name + "\"}").post("/api/catalog/refresh").then().statusCode(200);
        settle();
        JsonPath second = eventually(name, r -> "second".equals(r.jsonPath().getString("metadata.description")));
        assertTrue(!first.getString("metadata.etag").equals(second.getString("metadata.etag")), "etag must change with the document");

        // 2. Another instance changes the stored document directly.
        sql("UPDATE entities SET entity = jsonb_set(entity, '{metadata,description}', '\"third\"'), hash = 'other-instance' WHERE entity_ref = ?",
                "component:default/" + name);
        eventually(name, r -> "third".equals(r.jsonPath().getString("metadata.description")));

        // 3. Another instance adds a relation that points from this entity.
        sql("INSERT INTO relations (originating_entity_id, source_ref, type, target_ref) VALUES (?, ?, 'dependsOn', 'resource:default/elsewhere')",
                UUID.randomUUID(), "component:default/" + name);
        JsonPath withRelation = eventually(name, r -> r.jsonPath().getList("relations.targetRef").contains("resource:default/elsewhere"));
        List<String> types = withRelation.getList("relations.type");
        assertTrue(types.contains("ownedBy") && types.contains("dependsOn"), "relations: " + types);

        // 4. Another instance deletes the entity: the document and the counted total both go.
        String countUrl = "/api/catalog/entities/by-query?limit=0&filter=metadata.name=" + name;
        for (int i = 0; i < 2; i++) {
            assertEquals(1, (int) as(alice()).get(countUrl).then().statusCode(200).extract().path("totalItems"));
        }
        // what another instance's EntityRepository.deleteOne does: relations, search rows and columns, and the entity
        sql("DELETE FROM relations WHERE source_ref = ?", "component:default/" + name);
        sql("DELETE FROM search WHERE entity_id = (SELECT entity_id FROM entities WHERE entity_ref = ?)", "component:default/" + name);
        sql("DELETE FROM search_columns WHERE entity_id = (SELECT entity_id FROM entities WHERE entity_ref = ?)", "component:default/" + name);
        sql("DELETE FROM entities WHERE entity_ref = ?", "component:default/" + name);
        eventually(name, r -> r.statusCode() == 404);
        assertEquals(0, (int) as(alice()).get(countUrl).then().statusCode(200).extract().path("totalItems"));
    }

    @Test
    void changesAreStillSeenWhenTheListenersBackendIsTerminatedAndTheListenerComesBack() throws Exception {
        String name = unique("terminated");
        register(alice(), writeCatalog(component(name, "group:default/payments-team")));
        settle();
        await("the listener is connected", listener::connected);
        long connectionsBefore = listener.connections();
        long backendBefore = listener.backendPid();
        byName(name).then().statusCode(200);
        byName(name).then().statusCode(200);
        assertTrue(cache.size() > 0, "the document is cached");

        assertEquals(1, terminateListenerBackend(), "one listener backend to end");
        // Another instance changes the entity at once: its notification reaches no listener of this instance.
        sql("UPDATE entities SET entity = jsonb_set(entity, '{metadata,description}', '\"while-down\"'), hash = 'x1' WHERE entity_ref = ?",
                "component:default/" + name);
        eventually(name, r -> "while-down".equals(r.jsonPath().getString("metadata.description")));

        await("the listener reconnects", () -> listener.connected() && listener.connections() > connectionsBefore);
        assertTrue(listener.backendPid() > 0 && listener.backendPid() != backendBefore, "a new backend");
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'catalog-entity-change-listener' }.data.state", org.hamcrest.Matchers.equalTo("listening"));
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("atrium_catalog_cache_listener_connected 1.0"), "listener gauge");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("atrium_catalog_cache_listener_reconnects_total") && !l.endsWith(" 0.0")),
                "reconnects counted");

        // Notifications arrive again: a cached document follows the next change.
        byName(name).then().statusCode(200);
        byName(name).then().statusCode(200);
        sql("UPDATE entities SET entity = jsonb_set(entity, '{metadata,description}', '\"after-reconnect\"'), hash = 'x2' WHERE entity_ref = ?",
                "component:default/" + name);
        eventually(name, r -> "after-reconnect".equals(r.jsonPath().getString("metadata.description")));
    }

    @Test
    void textBeyondAsciiIsServedUnchangedFromTheDatabaseAndFromTheCache() throws Exception {
        await("the listener is connected", listener::connected);
        String name = unique("unicode");
        String description = "Zürich – 東京 – 🚀, \\\"quoted\\\" and a back\\\\slash";
        String expected = "Zürich – 東京 – 🚀, \"quoted\" and a back\\slash";
        Path file = writeCatalog(component(name, "group:default/payments-team")
                .replace("metadata:\n", "metadata:\n  description: \"" + description + "\"\n"));
        register(alice(), file);
        settle();
        cache.invalidateAll();
        for (int i = 0; i < 2; i++) { // read from the database, then from the cache
            assertEquals(expected, byName(name).then().statusCode(200).contentType(startsWith("application/json"))
                    .extract().jsonPath().getString("metadata.description"));
            assertEquals(expected, as(alice()).get("/api/catalog/entities/by-query?filter=metadata.name=" + name).then().statusCode(200)
                    .extract().jsonPath().getString("items[0].metadata.description"));
            assertEquals(expected, as(alice()).get("/api/catalog/entities?limit=5&filter=metadata.name=" + name).then().statusCode(200)
                    .extract().jsonPath().getString("[0].metadata.description"));
            assertEquals(expected, as(alice()).get("/api/catalog/entities?filter=metadata.name=" + name).then().statusCode(200)
                    .extract().jsonPath().getString("[0].metadata.description"));
            assertEquals(expected, as(alice()).get("/api/catalog/entities/by-query?fields=metadata.description&filter=metadata.name=" + name)
                    .then().statusCode(200).extract().jsonPath().getString("items[0].metadata.description"));
        }
        assertTrue(cache.size() > 0, "the document was kept");
    }

    @Test
    void theDocumentCacheStaysWithinItsByteBound() throws InterruptedException {
        await("the listener is connected", listener::connected);
        long bound = config.maxBytes().asLongValue();
        assertTrue(cache.weight() <= bound, "weight " + cache.weight() + " within " + bound);
        // fill far beyond the bound with documents that are never changed, as the lookups of a big catalog would;
        // random text, so that packing cannot shrink them much below their 4 KB
        java.util.Random random = new java.util.Random(7);
        int fillers = (int) (3 * bound / 3_000);
        for (int i = 0; i < fillers; i++) {
            byte[] noise = new byte[3_072];
            random.nextBytes(noise);
            byte[] doc = ("{\"noise\": \"" + java.util.Base64.getEncoder().encodeToString(noise) + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String ref = "component:default/filler-" + i;
            cache.get(ref, refs -> java.util.Map.of(ref, doc));
            if (i == 0) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(doc, cache.get(ref, refs -> java.util.Map.of()).orElseThrow(),
                        "a cached document comes back unchanged");
            }
        }
        assertTrue(cache.weight() <= bound, "weight " + cache.weight() + " within " + bound);
        assertTrue(cache.size() < fillers, "least recently used documents were evicted");
        cache.invalidateAll();
    }

    @Inject
    CacheConfig config;

    @Test
    void deleteThroughTheApiIsVisibleAtOnce() throws SQLException {
        String name = unique("deleted");
        register(alice(), writeCatalog(component(name, "group:default/payments-team")));
        settle();
        String uid = byName(name).then().statusCode(200).extract().path("metadata.uid");
        byName(name).then().statusCode(200);
        as(alice()).delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
        byName(name).then().statusCode(404);
        // no foreign key cascades since V9: the delete itself takes the entity's search rows with it
        assertEquals(0L, searchRows(UUID.fromString(uid)), "search rows left behind");
        as(alice()).get("/api/catalog/entities/by-query?limit=0&filter=metadata.name=" + name).then().statusCode(200)
                .body("totalItems", org.hamcrest.Matchers.equalTo(0));
    }

    private long searchRows(UUID entityId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM search WHERE entity_id = ?")) {
            ps.setObject(1, entityId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A payments-team component with one tag. */
    private static String tagged(String name, String tag) {
        return component(name, "group:default/payments-team").replace("metadata:\n", "metadata:\n  tags: [" + tag + "]\n");
    }

    /** Hits of the query-result cache so far, from the metrics endpoint. */
    private static double resultHits() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("cache_gets_total{") && l.contains("cache=\"query-results\"") && l.contains("result=\"hit\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Polls {@code url} until {@code expected} holds for its JSON, failing after five seconds. */
    private static void eventuallyAt(String url, Predicate<JsonPath> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        String last;
        do {
            Response r = as(alice()).get(url);
            last = r.statusCode() + ": " + r.asString();
            if (r.statusCode() == 200 && expected.test(r.jsonPath())) {
                return;
            }
            Thread.sleep(25);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(url + " never showed the change; last answer " + last);
    }

    /**
     * Filtered facets and the entities of a by-query page are kept like counts: repeated requests are answered from
     * the cache, and the next change (a new entity, a changed field) shows in the next answers.
     */
    @Test
    void cachedFacetsAndPagesFollowChanges() throws Exception {
        await("the change listener is up", cache::isListening);
        String tag = unique("tag");
        String first = unique("facet-a");
        String second = first.replace("facet-a", "facet-b");
        Path file = writeCatalog(tagged(first, tag));
        register(alice(), file);
        settle();
        String facets = "/api/catalog/entity-facets?filter=metadata.tags=" + tag + "&facet=spec.lifecycle&facet=spec.type";
        String page = "/api/catalog/entities/by-query?filter=metadata.tags=" + tag + "&orderField=metadata.name,asc&limit=5";
        eventuallyAt(facets, j -> j.getList("facets.'spec.lifecycle'.value").equals(List.of("production")));
        eventuallyAt(page, j -> j.getList("items.metadata.name").equals(List.of(first)));
        double hits = resultHits();
        as(alice()).get(facets).then().statusCode(200).body("facets.'spec.type'[0].count", org.hamcrest.Matchers.equalTo(1));
        as(alice()).get(page).then().statusCode(200).body("items.metadata.name", org.hamcrest.Matchers.equalTo(List.of(first)));
        assertTrue(resultHits() >= hits + 2, "facets and page answered from the cache: hits " + hits + " -> " + resultHits());

        rewrite(file, tagged(first, tag).replace("production", "experimental") + "---\n" + tagged(second, tag));
        as(admin()).body("{\"entityRef\":\"component:default/" + first + "\"}").post("/api/catalog/refresh").then().statusCode(200);
        settle();
        eventuallyAt(facets, j -> j.getList("facets.'spec.lifecycle'.value").equals(List.of("experimental", "production"))
                && j.getList("facets.'spec.type'.count").equals(List.of(2)));
        eventuallyAt(page, j -> j.getList("items.metadata.name").equals(List.of(first, second)));
    }

    /**
     * Requests that miss the same count at once share one computation: after a change, 16 first pages of one query
     * no longer run 16 copies of its count. A failed computation fails every request that waited for it.
     */
    @Test
    void concurrentMissesOfOneCountComputeItOnce() throws Exception {
        await("the change listener is up", cache::isListening);
        String key = "shared-count-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        LongSupplier slow = () -> {
            runs.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 42;
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.count(key, slow)));
            }
            await("a computation is running", () -> runs.get() >= 1);
            Thread.sleep(300); // every thread has reached the count by now; without sharing, each would be in the loader
            release.countDown();
            for (Future<Long> answer : answers) {
                assertEquals(42L, answer.get(10, TimeUnit.SECONDS));
            }
            // one computation, or two if another test's change started a new generation meanwhile
            assertTrue(runs.get() <= 2, "computations: " + runs.get());
            assertEquals(0, cache.resultsInFlight(), "nothing left in flight");

            String failing = "failing-count-" + UUID.randomUUID();
            CountDownLatch go = new CountDownLatch(1);
            LongSupplier broken = () -> {
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("database gone");
            };
            List<Future<Long>> failures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                failures.add(pool.submit(() -> cache.count(failing, broken)));
            }
            Thread.sleep(200);
            go.countDown();
            for (Future<Long> f : failures) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof IllegalStateException, "the loader's own failure: " + e.getCause());
            }
            assertEquals(0, cache.resultsInFlight());
        } finally {
            pool.shutdownNow();
        }
    }
}
