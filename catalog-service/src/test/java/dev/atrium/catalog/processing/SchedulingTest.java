package dev.atrium.catalog.processing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Locations are polled every interval; clean entities wait for a change of their input, the model,
 * the rules or the version (or the long entity interval).
 */
@QuarkusTest
class SchedulingTest extends CatalogTestSupport {

    @Inject
    ProcessingSettings settings;

    private double secondsUntilDue(String ref) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT extract(epoch FROM next_update_at - now()) FROM refresh_state WHERE entity_ref = ?")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no refresh_state row for " + ref);
                return rs.getDouble(1);
            }
        }
    }

    private double maxLocationDue() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(extract(epoch FROM next_update_at - now())) FROM refresh_state WHERE entity_ref LIKE 'location:%'")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    @Test
    void locationsArePolledAndCleanEntitiesWait() throws Exception {
        String name = unique("scheduled");
        register(alice(), writeCatalog(component(name, "group:default/payments-team")));
        settle();
        double locations = maxLocationDue();
        assertTrue(locations > 0 && locations <= 110, "locations are polled every interval, latest due in " + locations + " s");
        double component = secondsUntilDue("component:default/" + name);
        assertTrue(component > 3600, "a clean component waits for the entity interval, due in " + component + " s");

        // a changed fingerprint (rules or version) brings every entity back within one location interval
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE processing_settings SET value = 'older' WHERE key = 'fingerprint'")) {
            assertTrue(ps.executeUpdate() == 1, "the fingerprint is recorded at start");
        }
        settings.start(null);
        double requeued = secondsUntilDue("component:default/" + name);
        assertTrue(requeued <= 110, "re-processed within the location interval, due in " + requeued + " s");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_state SET next_update_at = now() + interval '20 hours' WHERE entity_ref = ?")) {
            ps.setString(1, "component:default/" + name);
            ps.executeUpdate();
        }
        settings.start(null);
        assertTrue(secondsUntilDue("component:default/" + name) > 3600, "an unchanged fingerprint moves nothing");
    }
}
