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
}
