package dev.atrium.commons.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * The single table that turns exceptions into the error body of DESIGN §4. Every status code an
 * Atrium service returns for a failure comes from a method in this class (failures Vert.x raises
 * before a request reaches JAX-RS go through {@link HttpFailureRoutes}, which builds the same body).
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** Media type of the RFC 9457 body, sent to clients that ask for it in {@code Accept}. */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Longest request URL echoed back in an error body; longer ones are cut (a 414 must not echo 20 KB). */
    static final int MAX_ECHOED_URL = 2048;

    @ServerExceptionMapper
    public Response domainError(AtriumError e, HttpServerRequest request) {
        Response.ResponseBuilder rb = builder(e.status(), e.errorName(), e.getMessage(), request, e.fieldErrors(), null);
        if (e instanceof ServiceUnavailableError unavailable) {
            rb.header("Retry-After", retryAfterSeconds(unavailable));
        }
        return rb.build();
    }

    /**
     * Anything no other mapper claims. Known infrastructure failures become their domain error
     * (a saturated database is a 503, a NUL byte the database refuses a 400); the rest is a bug:
     * 500 with an error id, the stack trace logged under that id and never sent.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Optional<AtriumError> known = Failures.translate(e);
        if (known.isPresent()) {
            return domainError(known.get(), request);
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s %s", id, request == null ? "-" : request.method(), request == null ? "-" : request.path());
        return builder(500, "Error", "Unexpected error; quote error id " + id + " when reporting it", request, null, id).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return respond(401, "AuthenticationError", "Authentication required: send a valid bearer token", request, null);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return respond(401, "AuthenticationError", "The bearer token is missing, invalid or expired", request, null);
    }

    @ServerExceptionMapper
    public Response authenticationCompletion(AuthenticationCompletionException e, HttpServerRequest request) {
        return respond(401, "AuthenticationError", "Authentication could not be completed: send a valid bearer token", request, null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(403, "NotAllowedError", "You are not allowed to do this", request, null);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        return respond(400, "InputError", "Malformed request body: " + describe(e), request, null);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> fields = e.getConstraintViolations().stream()
                .map(ErrorMappers::toFieldError)
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        return respond(400, "InputError", "Request validation failed", request, fields);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            Optional<AtriumError> known = Failures.translate(e.getCause());
            if (known.isPresent()) {
                return domainError(known.get(), request);
            }
            String id = UUID.randomUUID().toString();
            LOG.errorf(e, "request failure %s on %s %s", id, request.method(), request.path());
            return builder(status, "Error", "Unexpected error; quote error id " + id + " when reporting it", request, null, id).build();
        }
        String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
                ? ErrorBody.titleFor(status) : e.getMessage();
        return respond(status, errorNameFor(status), message, request, null);
    }

    /** Backstage's error name for a status that no domain error carried. */
    public static String errorNameFor(int status) {
        return switch (status) {
            case 400, 414, 431 -> "InputError";
            case 401 -> "AuthenticationError";
            case 403 -> "NotAllowedError";
            case 404 -> "NotFoundError";
            case 409 -> "ConflictError";
            case 413 -> "PayloadTooLargeError";
            case 503 -> "ServiceUnavailableError";
            default -> "Error";
        };
    }

    /** Builds the error response; also used by filters that reject a request before JAX-RS matching. */
    public static Response respond(int status, String name, String message, HttpServerRequest request,
            List<FieldError> fields) {
        return builder(status, name, message, request, fields, null).build();
    }

    private static Response.ResponseBuilder builder(int status, String name, String message, HttpServerRequest request,
            List<FieldError> fields, String errorId) {
        String method = request == null ? null : request.method().name();
        String url = request == null ? null : echoedUrl(request.uri());
        return Response.status(status)
                .type(mediaType(request == null ? null : request.getHeader("Accept")))
                .entity(ErrorBody.of(status, name, message, method, url, fields, errorId));
    }

    /**
     * {@code application/problem+json} for a client whose {@code Accept} names it, otherwise
     * {@code application/json}: Backstage clients only parse error bodies sent as application/json.
     */
    public static MediaType mediaType(String accept) {
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(PROBLEM_JSON)) {
            return MediaType.valueOf(PROBLEM_JSON);
        }
        return MediaType.APPLICATION_JSON_TYPE;
    }

    /** The request URL as an error body repeats it, cut to {@link #MAX_ECHOED_URL} characters. */
    public static String echoedUrl(String uri) {
        if (uri == null || uri.length() <= MAX_ECHOED_URL) {
            return uri;
        }
        return uri.substring(0, MAX_ECHOED_URL) + "…";
    }

    /** Whole seconds for a Retry-After header, at least 1. */
    public static String retryAfterSeconds(ServiceUnavailableError e) {
        return Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
    }

    private static FieldError toFieldError(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // Drop the "method.argN." prefix Hibernate Validator puts on parameter violations.
        String[] parts = path.split("\\.");
        String field = parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
        return FieldError.of(field, v.getMessage());
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg != null && msg.length() > 300) {
            msg = msg.substring(0, 300) + "…";
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return msg + " (at " + jme.getPathReference() + ")";
        }
        if (e.getLocation() != null) {
            return msg + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return msg;
    }
}
