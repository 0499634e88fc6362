package dev.atrium.catalog.processing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.FieldError;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One problem found while reading a location or processing an entity: what went wrong, where
 * (the file, the document in it and the field) and for which entity. The first three fields are
 * those of a {@link FieldError}, so clients that read field errors read these too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ProcessingError", description = "A problem with one entity or target, and where it is")
public record ProcessingError(
        @Schema(description = "Error class", example = "NotAllowedError") String name,
        @Schema(description = "Dot path of the field, when one field is at fault", example = "spec.owner") String field,
        @Schema(description = "What is wrong") String message,
        @Schema(description = "Location key of the file", example = "url:https://github.com/acme/payments/blob/main/catalog-info.yaml") String location,
        @Schema(description = "1-based index of the YAML document in the file", example = "2") Integer document,
        @Schema(description = "The entity, when its kind and name could be read", example = "component:default/payments-api") String entityRef) {

    /** An error of a whole target (unreadable, malformed) or of the processed entity itself. */
    public static ProcessingError of(String name, String field, String message) {
        return new ProcessingError(name, field, message, null, null, null);
    }

    public static ProcessingError of(AtriumError e, String field, String location) {
        return new ProcessingError(e.errorName(), field, e.getMessage(), location, null, null);
    }

    /** A field error of a document. */
    public static ProcessingError at(FieldError e, String location, Integer document, String entityRef) {
        return new ProcessingError(e.name(), e.field(), e.message(), location, document, entityRef);
    }

    /** The message with its place, for logs and Backstage status items. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (entityRef != null) {
            sb.append(entityRef).append(' ');
        }
        if (location != null) {
            sb.append("in ").append(location);
            if (document != null) {
                sb.append(" (document ").append(document).append(')');
            }
            sb.append(' ');
        }
        if (field != null && !field.isEmpty()) {
            sb.append('[').append(field).append("] ");
        }
        return sb.append(message).toString().trim();
    }
}
