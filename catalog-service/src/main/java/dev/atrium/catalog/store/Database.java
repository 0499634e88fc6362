package dev.atrium.catalog.store;

import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.Failures;
import dev.atrium.commons.error.ServiceUnavailableError;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Plain-JDBC access to the catalog database (see docs/decisions/0004): one place that opens
 * connections, runs a unit of work in a transaction and turns connection failures into 503.
 */
@ApplicationScoped
public class Database {
    private static final Logger LOG = Logger.getLogger(Database.class);

    @Inject
    AgroalDataSource dataSource;

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws.
     * A transaction PostgreSQL aborts as a deadlock victim or for a serialization failure (concurrent
     * processing workers or replicas writing overlapping rows) is run again, up to three times, so
     * {@code work} must build all of its state inside the callback.
     */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return once(work);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof SQLException sql) || !isRetryable(sql)) {
                    throw e;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    LOG.warnf("transaction aborted %d times (%s): %s", attempt, sql.getSQLState(), sql.getMessage());
                    throw e;
                }
                LOG.debugf("transaction aborted (%s), attempt %d of %d", sql.getSQLState(), attempt, MAX_ATTEMPTS);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5, 50));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int MAX_ATTEMPTS = 3;

    static boolean isRetryable(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    private <T> T once(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs read-only work on an auto-commit connection. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(SQLException e) {
        if (e instanceof SQLTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            return new ServiceUnavailableError("The catalog database is unavailable");
        }
        Optional<AtriumError> known = Failures.translate(e);
        if (known.isPresent() && known.get() instanceof ServiceUnavailableError busy) {
            // the pool is exhausted: a load condition the client retries, not a database fault
            LOG.debugf("connection pool exhausted: %s", e.getMessage());
            return busy;
        }
        if (!isRetryable(e)) {
            LOG.errorf("database error %s: %s", e.getSQLState(), e.getMessage());
        }
        return new IllegalStateException("database error " + e.getSQLState(), e);
    }

    /** Prepares {@code sql} with positional {@code params}; a {@code String[]} is bound as a text array. */
    public static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] arr) {
                ps.setArray(i + 1, c.createArrayOf("text", arr));
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    public static Array textArray(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    public static Array uuidArray(Connection c, Collection<UUID> values) throws SQLException {
        return c.createArrayOf("uuid", values.toArray());
    }
}
