package dev.atrium.metrics.api;

import dev.atrium.commons.error.ErrorMappers;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one catch-all: an exception no typed mapper in {@code ErrorMappers} handles is a bug, answered as
 * 500 in the DESIGN §4 body with an error id; the stack trace is logged under that id, never sent.
 */
public class InternalErrorMapper {
    private static final Logger LOG = Logger.getLogger(InternalErrorMapper.class);

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "request %s %s failed, error id %s", request.method(), request.path(), id);
        return ErrorMappers.respond(500, "Error", "Internal error, id " + id, request, null);
    }
}
