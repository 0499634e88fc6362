package dev.atrium.commons.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises infrastructure failures that are not bugs and says which domain error they are: a
 * saturated or unreachable database is a 503 the client may retry, a string the database cannot
 * store (a NUL byte) is the client's 400. Everything else is unexpected and stays a 500.
 */
public final class Failures {
    /** Retry-After for an exhausted connection pool: long enough for in-flight requests to finish. */
    static final Duration POOL_RETRY_AFTER = Duration.ofSeconds(2);

    private Failures() {
    }

    /** The domain error {@code failure} (or one of its causes) stands for, if it is a known one. */
    public static Optional<AtriumError> translate(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof AtriumError e) {
                return Optional.of(e);
            }
            if (isPoolExhausted(t)) {
                return Optional.of(new ServiceUnavailableError(
                        "The service is at its database connection limit; try again shortly", POOL_RETRY_AFTER));
            }
            if (t instanceof SQLException sql) {
                if (isConnectionFailure(sql)) {
                    return Optional.of(new ServiceUnavailableError("The database is unavailable"));
                }
                if (isUnstorableText(sql)) {
                    return Optional.of(new InputError(
                            "The request contains characters that cannot be stored or searched (such as a NUL byte)"));
                }
            }
        }
        return Optional.empty();
    }

    /** Agroal gave up waiting for a free connection (the pool is exhausted). */
    static boolean isPoolExhausted(Throwable t) {
        if (!(t instanceof SQLException) || t.getMessage() == null) {
            return false;
        }
        String m = t.getMessage();
        // Agroal's messages: "Acquisition timeout while waiting for new connection", "Sorry, acquisition timeout!"
        return m.startsWith("Acquisition timeout") || m.contains("acquisition timeout");
    }

    private static boolean isConnectionFailure(SQLException e) {
        return e instanceof SQLTransientConnectionException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    /**
     * PostgreSQL refuses NUL bytes in text: the driver before sending ("Zero bytes may not occur in
     * string parameters", 22023 / 22P05), the server when it decodes them (22021).
     */
    private static boolean isUnstorableText(SQLException e) {
        String state = e.getSQLState();
        if ("22021".equals(state) || "22P05".equals(state)) {
            return true;
        }
        return e.getMessage() != null && e.getMessage().contains("Zero bytes may not occur");
    }
}
