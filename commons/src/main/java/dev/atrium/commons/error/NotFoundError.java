package dev.atrium.commons.error;

import java.util.List;

/** The thing asked for does not exist (or is not visible to the caller). */
public class NotFoundError extends AtriumError {
    public NotFoundError(String message) {
        super(message, List.of());
    }

    public NotFoundError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 404;
    }
}
