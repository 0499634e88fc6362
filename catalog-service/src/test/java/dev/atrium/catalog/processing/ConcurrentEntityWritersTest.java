package dev.atrium.catalog.processing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two writers of one entity ref at once: a processing pass storing an entity for the first time while another
 * transaction inserts a final entity with the same ref and commits first. The pass waits on the unique index,
 * then stores everything else and reports the entity as a conflict on its location; it does not fail, and the
 * entity that was there first is kept. When the other writer rolls back instead, the pass stores the entity.
 */
@QuarkusTest
class ConcurrentEntityWritersTest extends CatalogTestSupport {

    @Inject
    ProcessingRepository repository;

    @Inject
    EntityProcessor processor;

    /** A registered location whose two components have refresh rows but no final entities yet. */
    private record Pending(String locationId, String fine, String contested, List<Claimed> rows) {
    }

    private Pending twoNewComponents() {
        String fine = unique("fine");
        String contested = unique("contested");
        Path file = writeCatalog(component(fine, "payments-team") + "---\n" + component(contested, "payments-team"));
        String id = register(alice(), file);
        // the Location's pass emits both components; their own rows are claimed by the test
        long deadline = System.currentTimeMillis() + 30_000;
        while (!rowExists("component:default/" + contested) && System.currentTimeMillis() < deadline) {
            loop.runOnce();
        }
        Set<String> refs = Set.of("component:default/" + fine, "component:default/" + contested);
        List<Claimed> all = repository.claim(500, Duration.ofMinutes(5));
        List<Claimed> others = all.stream().filter(c -> !refs.contains(c.entityRef())).toList();
        if (!others.isEmpty()) {
            repository.release(others, Duration.ZERO);
        }
        List<Claimed> mine = all.stream().filter(c -> refs.contains(c.entityRef())).toList();
        assertEquals(2, mine.size(), "both component rows claimed: " + all);
        return new Pending(id, fine, contested, mine);
    }

    @Test
    void aPassRacingAnotherWriterOfTheSameRefStoresTheRestAndReportsAConflict() throws Exception {
        loop.setPaused(true);
        Pending p;
        UUID other = UUID.randomUUID();
        try {
            Thread.sleep(1500); // let a scheduled pass in flight finish
            p = twoNewComponents();
            List<Outcome> outcomes = p.rows().stream().map(processor::process).toList();
            String contestedRef = "component:default/" + p.contested();
            try (Connection writer = dataSource.getConnection()) {
                writer.setAutoCommit(false);
                insertEntity(writer, other, p.contested());
                // the pass now inserts the same ref: it waits for the other writer's transaction
                CompletableFuture<Void> pass = CompletableFuture.runAsync(() -> repository.write(outcomes));
                awaitLockWait();
                assertTrue(!pass.isDone(), "the pass waits on the other writer");
                writer.commit();
                pass.get(30, TimeUnit.SECONDS); // before the fix: duplicate key value violates entities_entity_ref_key
            }

            as(alice()).get("/api/catalog/entities/by-name/component/default/" + p.fine()).then().statusCode(200);
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + p.contested()).then().statusCode(200)
                    .body("metadata.uid", equalTo(other.toString()));
            String errors = refreshRow(contestedRef);
            assertNotNull(errors);
            assertTrue(errors.contains("ConflictError") && errors.contains(other.toString()), errors);
            as(alice()).get("/api/catalog/locations/" + p.locationId() + "/status").then().statusCode(200)
                    .body("state", equalTo("error"))
                    .body("errors.entityRef", hasItem(contestedRef))
                    .body("errors.find { it.entityRef == '" + contestedRef + "' }.errors[0].name", equalTo("ConflictError"))
                    .body("errors.find { it.entityRef == '" + contestedRef + "' }.errors[0].message", containsString("already stored"));
            assertEquals(0, count("SELECT count(*) FROM history WHERE entity_ref = ? AND event = 'added'", contestedRef),
                    "no history for an entity the pass did not store");
            assertEquals(0, count("SELECT count(*) FROM search s JOIN refresh_state r ON r.entity_id = s.entity_id WHERE r.entity_ref = ?",
                    contestedRef), "no search rows under the pass's id");
        } finally {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM entities WHERE entity_id = ?")) {
                ps.setObject(1, other);
                ps.executeUpdate();
            }
            loop.setPaused(false);
        }
        // the other writer's row gone, the next pass of the entity (made due) stores the location's own version
        as(alice()).body(java.util.Map.of("entityRef", "component:default/" + p.contested())).post("/api/catalog/refresh").then().statusCode(200);
        settle();
        UUID own = p.rows().stream().filter(c -> c.entityRef().endsWith("/" + p.contested())).findFirst().orElseThrow().entityId();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + p.contested()).then().statusCode(200)
                .body("metadata.uid", equalTo(own.toString()));
        assertNull(refreshRow("component:default/" + p.contested()));
    }

    @Test
    void whenTheOtherWriterRollsBackThePassStoresTheEntity() throws Exception {
        loop.setPaused(true);
        try {
            Thread.sleep(1500);
            Pending p = twoNewComponents();
            List<Outcome> outcomes = p.rows().stream().map(processor::process).toList();
            try (Connection writer = dataSource.getConnection()) {
                writer.setAutoCommit(false);
                insertEntity(writer, UUID.randomUUID(), p.contested());
                CompletableFuture<Void> pass = CompletableFuture.runAsync(() -> repository.write(outcomes));
                awaitLockWait();
                writer.rollback();
                pass.get(30, TimeUnit.SECONDS);
            }
            UUID own = p.rows().stream().filter(c -> c.entityRef().endsWith("/" + p.contested())).findFirst().orElseThrow().entityId();
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + p.contested()).then().statusCode(200)
                    .body("metadata.uid", equalTo(own.toString()));
            assertNull(refreshRow("component:default/" + p.contested()));
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + p.fine()).then().statusCode(200);
        } finally {
            loop.setPaused(false);
        }
    }

    private static void insertEntity(Connection c, UUID id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO entities (entity_id, entity_ref, kind, namespace, name, entity, hash) VALUES (?, ?, 'component', 'default', ?, ?::jsonb, 'other')")) {
            ps.setObject(1, id);
            ps.setString(2, "component:default/" + name);
            ps.setString(3, name);
            ps.setString(4, "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name
                    + "\",\"namespace\":\"default\",\"uid\":\"" + id + "\"},\"spec\":{\"owner\":\"payments-team\"}}");
            ps.executeUpdate();
        }
    }

    /** Waits until a backend of this database waits for a lock while inserting into entities. */
    private void awaitLockWait() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    + "AND query LIKE ?", "%INSERT INTO entities%") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the pass never waited for the other writer");
    }

    private boolean rowExists(String ref) {
        try {
            return count("SELECT count(*) FROM refresh_state WHERE entity_ref = ?", ref) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The errors of a refresh row (null when it has none). */
    private String refreshRow(String ref) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(errors::text, '') FROM refresh_state WHERE entity_ref = ?")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return rs.getString(1).isEmpty() ? null : rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
