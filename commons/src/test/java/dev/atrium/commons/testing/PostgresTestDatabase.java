package dev.atrium.commons.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a service's test run a fresh, empty database on the local PostgreSQL server (the one
 * {@code dev/test} ensures) and drops it afterwards. Connection settings come from the
 * {@code ATRIUM_PG_*} environment variables with the dev defaults.
 */
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {
    private static final String HOST = env("ATRIUM_PG_HOST", "127.0.0.1");
    private static final String PORT = env("ATRIUM_PG_PORT", "5432");
    private static final String USER = env("ATRIUM_PG_USER", "atrium");
    private static final String PASSWORD = env("ATRIUM_PG_PASSWORD", "atrium");

    private String database;

    @Override
    public Map<String, String> start() {
        database = "atrium_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + database);
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** JDBC URL of a database on the local test server. */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " is not usable ("
                    + e.getMessage() + "). Run ./dev/test, which installs and starts it.", e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
