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

    /**
     * Returns {@code value} unless it holds a NUL character, which no text column, search or log line
     * should receive: then an InputError naming {@code what}.
     */
    public static String noNul(String value, String what) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InputError("Invalid " + what + ": it contains a NUL character");
        }
        return value;
    }
}
