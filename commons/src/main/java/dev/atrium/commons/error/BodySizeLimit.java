package dev.atrium.commons.error;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects request bodies over {@code atrium.http.max-body-size} with a 413 error body before any of
 * it is parsed. Bodies without a Content-Length are still capped by Vert.x
 * ({@code quarkus.http.limits.max-body-size}).
 */
public class BodySizeLimit {

    /** Largest accepted request body in bytes (DESIGN §4 default: 1 MiB). */
    @ConfigProperty(name = "atrium.http.max-body-size", defaultValue = "1048576")
    long maxBodySize;

    @ServerRequestFilter(preMatching = true)
    public Response checkLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return ErrorMappers.respond(400, "InputError", "Invalid Content-Length header", request, null);
        }
        if (bytes > maxBodySize) {
            return ErrorMappers.respond(413, "PayloadTooLargeError",
                    "Request body of " + bytes + " bytes is over the limit of " + maxBodySize + " bytes", request, null);
        }
        return null;
    }
}
