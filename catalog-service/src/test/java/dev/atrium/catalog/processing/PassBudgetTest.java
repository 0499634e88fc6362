package dev.atrium.catalog.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A pass stops taking Location rows once their children reach {@code max-children-per-pass} (50 in tests): the
 * rest wait for the next pass instead of one pass holding every Location's entities in memory at once.
 */
@QuarkusTest
class PassBudgetTest extends CatalogTestSupport {

    @Inject
    CatalogConfig config;

    private static final int PER_FILE = 30;

    private static String components(String prefix, int n) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < n; i++) {
            yaml.append(component(prefix + "-" + i, "group:default/payments-team")).append("---\n");
        }
        return yaml.toString();
    }

    private long processedLocations(String prefix) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM refresh_state WHERE entity_ref LIKE ? AND last_processed_at IS NOT NULL")) {
            ps.setString(1, "location:default/" + prefix + "-part-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long entities(String prefix) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM entities WHERE entity_ref LIKE ?")) {
            ps.setString(1, "component:default/" + prefix + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void locationsBeyondThePassBudgetWaitForTheNextPass() throws Exception {
        assertEquals(50, config.processing().maxChildrenPerPass());
        String prefix = unique("budget");
        Path root = writeCatalog("""
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata:
                  name: %s-root
                spec:
                  targets: [./%s-part-0.yaml, ./%s-part-1.yaml, ./%s-part-2.yaml]
                """.formatted(prefix, prefix, prefix, prefix));
        for (int p = 0; p < 3; p++) {
            Files.writeString(root.resolveSibling(prefix + "-part-" + p + ".yaml"), """
                    apiVersion: backstage.io/v1alpha1
                    kind: Location
                    metadata:
                      name: %s-part-%d
                    spec:
                      target: ./%s-entities-%d.yaml
                    """.formatted(prefix, p, prefix, p));
            Files.writeString(root.resolveSibling(prefix + "-entities-" + p + ".yaml"), components(prefix + "-" + p, PER_FILE));
        }
        settle();
        loop.setPaused(true);
        try {
            Thread.sleep(1_500); // let a scheduled pass in flight finish
            register(alice(), root);
            // registration location, then the root Location: their passes emit only the three part Locations
            while (processedLocations(prefix) == 0 && loop.runOnce() > 0) {
                // until a pass has processed part Locations
            }
            assertEquals(2, processedLocations(prefix), "30 + 30 children reach the budget of 50: the third part waits");
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM refresh_state WHERE entity_ref LIKE ? AND last_processed_at IS NULL"
                            + " AND next_update_at <= now()")) {
                ps.setString(1, "location:default/" + prefix + "-part-%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getLong(1), "the part left over is due again at once, not after its lease");
                }
            }
        } finally {
            loop.setPaused(false);
        }
        settle();
        assertEquals(3, processedLocations(prefix));
        assertEquals(3L * PER_FILE, entities(prefix), "every entity arrives");
        assertTrue(as(alice()).get("/api/catalog/entities/by-name/component/default/" + prefix + "-2-" + (PER_FILE - 1))
                .statusCode() == 200);
    }

    private java.sql.Timestamp lastAnalyze() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'search'")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1);
            }
        }
    }

    @Test
    void tablesAreAnalysedOnceABulkIngestHasDrained() throws Exception {
        java.sql.Timestamp before = lastAnalyze();
        loop.analyzeAfter(20);
        try {
            String prefix = unique("analysed");
            register(alice(), writeCatalog(components(prefix, 25)));
            long deadline = System.currentTimeMillis() + 20_000;
            java.sql.Timestamp now = lastAnalyze();
            while ((now == null || (before != null && !now.after(before))) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                now = lastAnalyze();
            }
            java.sql.Timestamp analysed = now;
            assertTrue(analysed != null && (before == null || analysed.after(before)),
                    "the scheduled loop analysed search after writing 25 entities: " + before + " -> " + analysed);
            assertEquals(25L, entities(prefix));
        } finally {
            loop.analyzeAfter(ProcessingLoop.ANALYZE_AFTER);
        }
    }
}
