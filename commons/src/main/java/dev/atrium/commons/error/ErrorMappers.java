package dev.atrium.commons.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * The single table that turns exceptions into the error body of DESIGN §4. Every status code an
 * Atrium service returns for a failure comes from a method in this class.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response domainError(AtriumError e, HttpServerRequest request) {
        return respond(e.status(), e.errorName(), e.getMessage(), request, e.fieldErrors());
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
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(403, "NotAllowedError", "You are not allowed to do this", request, null);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        return respond(400, "InputError", "Malformed request body: " + describe(e), request, null);
    }

    /**
     * A body of the wrong shape ({@code "expected": "maybe"} for a boolean, an array for an object).
     * Listed on its own because Quarkus maps this subtype with a built-in mapper of a different body.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
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
            LOG.errorf(e, "request %s %s failed", request.method(), request.path());
            return respond(status, "Error", "Internal error", request, null);
        }
        String name = switch (status) {
            case 400 -> "InputError";
            case 401 -> "AuthenticationError";
            case 403 -> "NotAllowedError";
            case 404 -> "NotFoundError";
            case 409 -> "ConflictError";
            case 413 -> "PayloadTooLargeError";
            default -> "Error";
        };
        String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
                ? ErrorBody.titleFor(status) : e.getMessage();
        return respond(status, name, message, request, null);
    }

    /** Builds the error response; also used by filters that reject a request before JAX-RS matching. */
    public static Response respond(int status, String name, String message, HttpServerRequest request,
            List<FieldError> fields) {
        String method = request == null ? null : request.method().name();
        String url = request == null ? null : request.uri();
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(status, name, message, method, url, fields))
                .build();
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
