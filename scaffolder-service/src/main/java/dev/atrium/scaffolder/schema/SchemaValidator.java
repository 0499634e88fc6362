package dev.atrium.scaffolder.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * JSON Schema validation (networknt, draft 2019-09 semantics that also accept draft-07 schemas) for
 * template parameters and action inputs. Errors become field errors: {@code name} is the failing
 * keyword ({@code required}, {@code pattern}, …), {@code field} the dot path of the value.
 */
public final class SchemaValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .typeLoose(false).formatAssertionsEnabled(true).build();

    private SchemaValidator() {
    }

    /** Parses a schema written as JSON text (action schemas are constants). */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles a schema, rejecting one that is not a JSON Schema. */
    public static JsonSchema compile(JsonNode schema, String what) {
        try {
            return FACTORY.getSchema(schema, CONFIG);
        } catch (RuntimeException e) {
            throw new InputError("The " + what + " is not a valid JSON Schema: " + e.getMessage());
        }
    }

    /** Field errors of {@code value} against {@code schema}, with paths prefixed by {@code prefix}. */
    public static List<FieldError> errors(JsonNode schema, JsonNode value, String prefix, String what) {
        Set<ValidationMessage> messages = compile(schema, what).validate(value);
        return messages.stream()
                .map(m -> toFieldError(m, prefix))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .distinct()
                .toList();
    }

    private static FieldError toFieldError(ValidationMessage m, String prefix) {
        String path = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        String field = path.replaceFirst("^\\$\\.?", "").replaceFirst("^/", "").replace('/', '.');
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            field = field.isEmpty() ? m.getProperty() : field + "." + m.getProperty();
        }
        if (prefix != null && !prefix.isEmpty()) {
            field = field.isEmpty() ? prefix : prefix + "." + field;
        }
        String message = m.getMessage();
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) {
            message = message.substring(colon + 2);
        }
        return new FieldError(m.getType(), field, message);
    }
}
