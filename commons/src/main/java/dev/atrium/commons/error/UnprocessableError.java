package dev.atrium.commons.error;

import java.util.List;

/** Well-formed input that is semantically invalid, e.g. an entity that fails its kind's schema. */
public class UnprocessableError extends AtriumError {
    public UnprocessableError(String message) {
        super(message, List.of());
    }

    public UnprocessableError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 422;
    }
}
