package dev.atrium.catalog.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two processing instances on one database never claim the same row. */
@QuarkusTest
class ClaimingTest extends CatalogTestSupport {

    @Inject
    ProcessingRepository repository;

    @Test
    void concurrentClaimersGetDisjointRows() throws Exception {
        settle();
        loop.setPaused(true);
        Thread.sleep(1500);
        int rows = 400;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, next_update_at) VALUES (?, ?, '{}'::jsonb, now() - interval '1 hour')")) {
            for (int i = 0; i < rows; i++) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, "claimtest:default/" + UUID.randomUUID());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<List<Claimed>> claimer = () -> repository.claim(60, Duration.ofMinutes(10));
            Set<UUID> seen = new HashSet<>();
            int total = 0;
            for (int round = 0; round < 10; round++) {
                List<Future<List<Claimed>>> futures = List.of(pool.submit(claimer), pool.submit(claimer), pool.submit(claimer), pool.submit(claimer));
                for (Future<List<Claimed>> f : futures) {
                    for (Claimed c : f.get()) {
                        if (c.entityRef().startsWith("claimtest:")) {
                            assertTrue(seen.add(c.entityId()), "row claimed twice: " + c.entityRef());
                            total++;
                        }
                    }
                }
            }
            assertEquals(rows, total);
        } finally {
            pool.shutdown();
            loop.setPaused(false);
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM refresh_state WHERE entity_ref LIKE 'claimtest:%'")) {
                ps.executeUpdate();
            }
        }
    }
}
