package dev.atrium.commons.error;

import java.util.List;

/** A request body or read document is over its size limit. */
public class PayloadTooLargeError extends AtriumError {
    public PayloadTooLargeError(String message) {
        super(message, List.of());
    }

    public PayloadTooLargeError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 413;
    }
}
