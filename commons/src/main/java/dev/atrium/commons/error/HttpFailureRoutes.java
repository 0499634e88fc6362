package dev.atrium.commons.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives the failures that happen before a request reaches JAX-RS the same error body as
 * {@link ErrorMappers}: an over-long request line (414) or header block (431), a body over the
 * Vert.x limit that came without a Content-Length (413), and anything else a route fails with.
 * <p>
 * Vert.x answers request lines and headers over its own decoder limits with an empty response
 * before any handler runs, so this class raises those decoder limits to {@link #DECODER_LIMIT}
 * and enforces the real limits ({@code atrium.http.max-request-line-length},
 * {@code atrium.http.max-header-size}) itself, with a body. Only a request beyond the decoder limit
 * still gets Vert.x's bare status line.
 * <p>
 * A body sent without a Content-Length (chunked) is read here, up to {@code atrium.http.max-body-size},
 * before JAX-RS sees it: {@link BodySizeLimit} can only judge declared lengths, and the JAX-RS
 * reader answers an over-long stream with an empty 413.
 */
@Singleton
public class HttpFailureRoutes implements HttpServerOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(HttpFailureRoutes.class);

    /** Vert.x's decoder limits for the request line and the header block (bytes). */
    static final int DECODER_LIMIT = 64 * 1024;

    /** Longest request line (method, URI and version) accepted, in characters. */
    @ConfigProperty(name = "atrium.http.max-request-line-length", defaultValue = "16384")
    int maxRequestLine;

    /** Largest header block accepted, in bytes (names, values and separators). */
    @ConfigProperty(name = "atrium.http.max-header-size", defaultValue = "20480")
    int maxHeaderSize;

    /** Largest request body in bytes, the same limit {@link BodySizeLimit} applies to declared lengths. */
    @ConfigProperty(name = "atrium.http.max-body-size", defaultValue = "1048576")
    long maxBodySize;

    @Inject
    ObjectMapper mapper;

    private BodyHandler chunkedBodies;

    void install(@Observes Router router) {
        chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodySize).setHandleFileUploads(false);
        router.route().order(Integer.MIN_VALUE).handler(this::checkLimits);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::renderFailure);
        // no route at all: a path outside every application and framework route
        router.errorHandler(404, ctx -> send(ctx, 404, "NotFoundError", "No resource at " + ErrorMappers.echoedUrl(ctx.request().path()), null));
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxInitialLineLength(Math.max(options.getMaxInitialLineLength(), DECODER_LIMIT));
        options.setMaxHeaderSize(Math.max(options.getMaxHeaderSize(), DECODER_LIMIT));
    }

    void checkLimits(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        int line = request.method().name().length() + request.uri().length() + " HTTP/1.1".length() + 1;
        if (line > maxRequestLine) {
            send(ctx, 414, "InputError", "Request line of " + line + " characters is over the limit of "
                    + maxRequestLine + "; send long filters in a POST body", null);
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            headers += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headers > maxHeaderSize) {
            send(ctx, 431, "InputError", "Request headers of " + headers + " bytes are over the limit of " + maxHeaderSize, null);
            return;
        }
        if (hasUndeclaredBody(request)) {
            chunkedBodies.handle(ctx);
            return;
        }
        ctx.next();
    }

    /** A body whose size only reading it tells: chunked (HTTP/1.1), or a request body without Content-Length (HTTP/2). */
    private static boolean hasUndeclaredBody(HttpServerRequest request) {
        if (request.getHeader("Content-Length") != null) {
            return false;
        }
        if (request.getHeader("Transfer-Encoding") != null) {
            return true;
        }
        return request.version() == io.vertx.core.http.HttpVersion.HTTP_2
                && switch (request.method().name()) {
                    case "POST", "PUT", "PATCH" -> true;
                    default -> false;
                };
    }

    void renderFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten() || isSecurity(failure)) {
            // Security failures carry challenges and redirects that Quarkus' own handler writes.
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        Optional<AtriumError> known = failure == null ? Optional.empty() : Failures.translate(failure);
        if (known.isPresent()) {
            AtriumError e = known.get();
            if (e instanceof ServiceUnavailableError unavailable) {
                ctx.response().putHeader("Retry-After", ErrorMappers.retryAfterSeconds(unavailable));
            }
            send(ctx, e.status(), e.errorName(), e.getMessage(), null);
            return;
        }
        if (status >= 400 && status < 500) {
            String message = status == 413 ? "Request body is over the limit of " + maxBodySize + " bytes" : ErrorBody.titleFor(status);
            send(ctx, status, ErrorMappers.errorNameFor(status), message, null);
            return;
        }
        String id = UUID.randomUUID().toString();
        if (failure != null) {
            LOG.errorf(failure, "unexpected failure %s on %s %s", id, ctx.request().method(), ctx.request().path());
        } else {
            LOG.errorf("unexpected failure %s on %s %s: status %d", id, ctx.request().method(), ctx.request().path(), status);
        }
        send(ctx, status >= 500 ? status : 500, "Error", "Unexpected error; quote error id " + id + " when reporting it", id);
    }

    private static boolean isSecurity(Throwable t) {
        return t instanceof AuthenticationFailedException || t instanceof AuthenticationRedirectException
                || t instanceof AuthenticationCompletionException || t instanceof UnauthorizedException
                || t instanceof ForbiddenException;
    }

    private void send(RoutingContext ctx, int status, String name, String message, String errorId) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        ErrorBody body = ErrorBody.of(status, name, message, request.method().name(), ErrorMappers.echoedUrl(request.uri()), null, errorId);
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status).putHeader("Content-Type", ErrorMappers.mediaType(request.getHeader("Accept")).toString());
        if (status == 503 && response.headers().get("Retry-After") == null) {
            response.putHeader("Retry-After", Long.toString(ServiceUnavailableError.DEFAULT_RETRY_AFTER.toSeconds()));
        }
        if (status == 413 || status == 414 || status == 431) {
            // the rest of the request was not read: do not reuse the connection
            response.putHeader("Connection", "close");
        }
        response.end(json);
    }
}
