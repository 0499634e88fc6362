package dev.atrium.access.support;

import dev.atrium.commons.error.ErrorMappers;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one catch-all: an exception no other mapper knows is a bug, answered with 500 in the error body of
 * DESIGN §4 carrying an error id, and logged with its stack under that id. Never a framework's plain page.
 */
public class UnexpectedErrorMapper {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s %s", id, request.method(), request.path());
        return ErrorMappers.respond(500, "Error", "Internal error (id " + id + ")", request, null);
    }
}
