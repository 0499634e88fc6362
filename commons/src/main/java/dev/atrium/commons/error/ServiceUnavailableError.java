package dev.atrium.commons.error;

import java.time.Duration;
import java.util.List;

/**
 * A dependency (database, IdP, remote host) is down or saturated. The response carries
 * {@code Retry-After}, so a client knows when trying again is worthwhile.
 */
public class ServiceUnavailableError extends AtriumError {
    /** Retry-After of a 503 whose cause does not suggest a better one. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final Duration retryAfter;

    public ServiceUnavailableError(String message) {
        this(message, DEFAULT_RETRY_AFTER);
    }

    public ServiceUnavailableError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
        this.retryAfter = DEFAULT_RETRY_AFTER;
    }

    public ServiceUnavailableError(String message, Duration retryAfter) {
        super(message, List.of());
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? DEFAULT_RETRY_AFTER : retryAfter;
    }

    @Override
    public int status() {
        return 503;
    }

    /** How long the client should wait before trying again (whole seconds in the header, at least 1). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
