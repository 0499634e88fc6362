package dev.atrium.commons.error;

import java.util.List;

/** The request conflicts with existing state, e.g. a duplicate. */
public class ConflictError extends AtriumError {
    public ConflictError(String message) {
        super(message, List.of());
    }

    public ConflictError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 409;
    }
}
