package dev.atrium.commons.paging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.commons.error.InputError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: a record serialized as JSON and base64url-encoded. A cursor that does not
 * decode into the expected shape is an {@link InputError}, never a 500.
 */
public final class CursorCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final int MAX_CURSOR_LENGTH = 16 * 1024;

    private CursorCodec() {
    }

    public static String encode(Object cursor) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(cursor));
        } catch (IOException e) {
            throw new IllegalStateException("cursor not serializable", e);
        }
    }

    /**
     * Like {@link #encode}, in the standard base64 alphabet with padding, as Backstage encodes its
     * cursors; {@code @backstage/catalog-client} reads such cursors with {@code atob}.
     */
    public static String encodeStandard(Object cursor) {
        try {
            return Base64.getEncoder().encodeToString(MAPPER.writeValueAsBytes(cursor));
        } catch (IOException e) {
            throw new IllegalStateException("cursor not serializable", e);
        }
    }

    /** Decodes a cursor of either alphabet, at most 16 KiB long (cursors travel in URLs). */
    public static <T> T decode(String cursor, Class<T> type) {
        return decode(cursor, type, MAX_CURSOR_LENGTH);
    }

    /** Decodes a cursor of either alphabet, at most {@code maxLength} characters long. */
    public static <T> T decode(String cursor, Class<T> type, int maxLength) {
        if (cursor == null || cursor.isBlank() || cursor.length() > maxLength) {
            throw new InputError("Malformed cursor");
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor.trim().replace('+', '-').replace('/', '_').replace("=", ""));
            T value = MAPPER.readValue(new String(json, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new InputError("Malformed cursor");
            }
            return value;
        } catch (IllegalArgumentException | IOException e) {
            throw new InputError("Malformed cursor, could not be parsed");
        }
    }
}
