package dev.atrium.commons.error;

import java.util.List;

/** Bad input: malformed, invalid or missing values. */
public class InputError extends AtriumError {
    public InputError(String message) {
        super(message, List.of());
    }

    public InputError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 400;
    }
}
