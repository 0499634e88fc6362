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

    public static <T> T decode(String cursor, Class<T> type) {
        if (cursor == null || cursor.isBlank() || cursor.length() > MAX_CURSOR_LENGTH) {
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
