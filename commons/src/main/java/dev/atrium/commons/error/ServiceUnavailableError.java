package dev.atrium.commons.error;

import java.util.List;

/** A dependency (database, IdP, remote host) is down. */
public class ServiceUnavailableError extends AtriumError {
    public ServiceUnavailableError(String message) {
        super(message, List.of());
    }

    public ServiceUnavailableError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 503;
    }
}
