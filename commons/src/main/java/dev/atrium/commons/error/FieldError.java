package dev.atrium.commons.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One invalid field of a rejected request: where it is, and what is wrong with it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One invalid field")
public record FieldError(
        @Schema(description = "Error class", example = "InputError") String name,
        @Schema(description = "Dot path of the field", example = "metadata.name") String field,
        @Schema(description = "What is wrong") String message) {

    public static FieldError of(String field, String message) {
        return new FieldError("InputError", field, message);
    }

    /**
     * At most {@code max} errors: when there are more, the first {@code max - 1} and one entry saying
     * how many were left out. Keeps what hostile input can make a service store or send bounded.
     */
    public static java.util.List<FieldError> capped(java.util.List<FieldError> errors, int max) {
        if (errors.size() <= max || max < 1) {
            return errors;
        }
        java.util.List<FieldError> out = new java.util.ArrayList<>(errors.subList(0, max - 1));
        out.add(new FieldError("TooManyErrors", "", (errors.size() - out.size()) + " more errors were left out"));
        return out;
    }
}
