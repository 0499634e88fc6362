package dev.atrium.commons.error;

import java.util.List;

/** No valid credentials were presented. */
public class AuthenticationError extends AtriumError {
    public AuthenticationError(String message) {
        super(message, List.of());
    }

    public AuthenticationError(String message, List<FieldError> fieldErrors) {
        super(message, fieldErrors);
    }

    @Override
    public int status() {
        return 401;
    }
}
