package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the {@code exp} claim of a stored bearer token without verifying it: the token was verified
 * when the task was created, and its expiry only decides whether a step may still use it.
 */
final class BearerTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BearerTokens() {
    }

    /** The token's expiry, or empty when it is not a JWT with a numeric {@code exp}. */
    static Optional<Instant> expiry(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.path("exp");
            return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }
}
