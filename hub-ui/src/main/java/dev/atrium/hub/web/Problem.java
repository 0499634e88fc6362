package dev.atrium.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a service call did not give what the page needed: the service's status (0 when it could not be
 * reached), a message fit to show, and the field errors of a 400.
 */
public record Problem(String service, int status, String message, Map<String, String> fieldErrors) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    public Problem {
        fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    }

    /** The service did not answer (connection refused, timeout, unreadable answer). */
    public static Problem unreachable(String service) {
        return new Problem(service, 0, service + " is not answering right now.", Map.of());
    }

    /** The service answered with an error status; its DESIGN §4 body gives the message and field errors. */
    public static Problem from(String service, Response response) {
        int status = response.getStatus();
        String message = null;
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            if (response.hasEntity()) {
                String body = response.readEntity(String.class);
                JsonNode n = JSON.readTree(body);
                message = text(n.path("detail"));
                if (message == null) {
                    message = text(n.path("error").path("message"));
                }
                for (JsonNode e : n.path("errors")) {
                    String field = text(e.path("field"));
                    if (field == null) {
                        field = text(e.path("property"));
                    }
                    if (field == null) {
                        field = text(e.path("path"));
                    }
                    String msg = text(e.path("message"));
                    if (field != null && msg != null) {
                        fields.putIfAbsent(stripInstance(field), msg);
                    }
                }
            }
        } catch (RuntimeException | java.io.IOException e) {
            // not a JSON error body: keep the status only
        }
        if (status >= 500) {
            return new Problem(service, status, service + " could not answer right now.", Map.of());
        }
        if (message == null) {
            message = switch (status) {
                case 401 -> "Your session is not accepted by " + service + ". Sign in again.";
                case 403 -> "You are not allowed to do this.";
                case 404 -> "Not found.";
                case 409 -> "This conflicts with something that already exists.";
                default -> service + " refused the request.";
            };
        }
        return new Problem(service, status, truncate(message), fields);
    }

    public boolean unavailable() {
        return status == 0 || status >= 500;
    }

    public boolean notFound() {
        return status == 404;
    }

    public boolean forbidden() {
        return status == 403;
    }

    /** The status the hub answers with when this problem decides the whole page. */
    public int pageStatus() {
        if (unavailable()) {
            return 503;
        }
        return status == 401 ? 401 : status;
    }

    public List<String> fieldMessages() {
        List<String> out = new ArrayList<>();
        fieldErrors.forEach((k, v) -> out.add(k + ": " + v));
        return out;
    }

    private static String stripInstance(String field) {
        String f = field;
        for (String prefix : new String[] {"instance.", "values.", "body."}) {
            if (f.startsWith(prefix)) {
                f = f.substring(prefix.length());
            }
        }
        return f.startsWith("/") ? f.substring(1).replace('/', '.') : f;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    private static String truncate(String s) {
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }
}
