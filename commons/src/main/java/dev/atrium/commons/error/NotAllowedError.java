package dev.atrium.commons.error;

import java.util.List;

/** The caller may not do this. */
public class NotAllowedError extends AtriumError {
    public NotAllowedError(String message) {
        super(message, List.of());
    }

    public NotAllowedError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 403;
    }
}
