package dev.atrium.scaffolder.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.AuthenticationError;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.commons.error.UnprocessableError;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Runs one call to another Atrium service and turns its answer into JSON or into the matching
 * domain error, so a remote 404 stays a 404 and a service that is down is a 503 that names it.
 */
public final class RemoteCall {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RemoteCall() {
    }

    /** A call with the service's own credentials: a 401 means those credentials are wrong. */
    public static JsonNode call(String service, Supplier<Response> call) {
        return call(service, call, false);
    }

    /**
     * A call made with the requester's bearer token: a 401 means that token is no longer accepted
     * (it expired while the task ran), which is a {@link RequesterSessionExpired}.
     */
    public static JsonNode onBehalfOfUser(String service, Supplier<Response> call) {
        return call(service, call, true);
    }

    /**
     * A read ({@code GET}) made with the requester's bearer token, like {@link #onBehalfOfUser}, sent a second time
     * when the first attempt got no answer at all: a pooled keep-alive connection that the other side (or a proxy
     * between) closed while idle fails the next request sent on it, and a read is safe to repeat.
     */
    public static JsonNode readOnBehalfOfUser(String service, Supplier<Response> call) {
        Response response;
        try {
            response = send(service, call);
        } catch (ServiceUnavailableError first) {
            response = send(service, call);
        }
        return answer(service, response, true);
    }

    private static JsonNode call(String service, Supplier<Response> call, boolean userToken) {
        return answer(service, send(service, call), userToken);
    }

    /** Sends the call; no answer at all (refused, reset, closed) is a {@link ServiceUnavailableError}. */
    private static Response send(String service, Supplier<Response> call) {
        try {
            return call.get();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            return e.getResponse();
        } catch (ProcessingException e) {
            throw new ServiceUnavailableError(service + " unavailable: " + rootMessage(e));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof java.io.IOException) {
                throw new ServiceUnavailableError(service + " unavailable: " + rootMessage(e));
            }
            throw e;
        }
    }

    private static JsonNode answer(String service, Response answer, boolean userToken) {
        try (answer) {
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            int status = answer.getStatus();
            if (status / 100 == 2) {
                return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            }
            if (status == 401 && userToken) {
                throw new RequesterSessionExpired(service + " refused the requester's token (HTTP 401)");
            }
            throw errorFor(service, status, messageOf(body));
        } catch (AtriumError e) {
            throw e;
        } catch (Exception e) {
            throw new ServiceUnavailableError(service + " sent an unreadable answer: " + rootMessage(e));
        }
    }

    static AtriumError errorFor(String service, int status, String message) {
        String m = service + ": " + message;
        return switch (status) {
            case 400 -> new InputError(m);
            case 401 -> new AuthenticationError(service + " refused the credentials: " + message);
            case 403 -> new NotAllowedError(m);
            case 404 -> new NotFoundError(m);
            case 409 -> new ConflictError(m);
            case 422 -> new UnprocessableError(m);
            default -> new ServiceUnavailableError(service + " answered HTTP " + status + ": " + message);
        };
    }

    private static String messageOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.path("error").path("message").isTextual()) {
                return node.path("error").path("message").asText();
            }
            if (node.path("detail").isTextual()) {
                return node.path("detail").asText();
            }
        } catch (Exception ignored) {
            // not JSON: use the text
        }
        return body.length() > 300 ? body.substring(0, 300) : body;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
