package dev.atrium.access.support;

import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.util.List;
import java.util.UUID;

/** Path and query ids: a malformed one is a 400 naming the parameter, not a 404 or 500. */
public final class Ids {
    private Ids() {
    }

    public static UUID uuid(String value, String name) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new InputError("Invalid " + name, List.of(FieldError.of(name, "must be a UUID")));
        }
    }
}
