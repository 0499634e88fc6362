package dev.atrium.commons.error;

import java.util.List;

/**
 * Base of the domain errors. Each subclass is one HTTP status; its simple class name is the
 * Backstage {@code error.name} (e.g. {@code NotFoundError}).
 */
public abstract class AtriumError extends RuntimeException {
    private final List<FieldError> fieldErrors;

    protected AtriumError(String message, List<FieldError> fieldErrors) {
        super(message, null, false, false);
        this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    }

    /** HTTP status this error maps to. */
    public abstract int status();

    /** Backstage error name. */
    public String errorName() {
        return getClass().getSimpleName();
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
