package dev.atrium.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Every pooled connection plans each statement with its own parameter values and never JIT-compiles a plan: the
 * filter statements differ in selectivity by orders of magnitude, and none runs long enough to repay a JIT
 * compilation (application.properties, docs/decisions/0029).
 */
@QuarkusTest
class SessionSettingsTest extends CatalogTestSupport {

    private String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void pooledConnectionsPlanWithTheirValuesAndWithoutJit() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertEquals("force_custom_plan", setting(c, "plan_cache_mode"));
            assertEquals("off", setting(c, "jit"));
        }
    }
}
