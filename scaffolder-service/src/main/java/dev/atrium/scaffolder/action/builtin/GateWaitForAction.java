package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.schema.SchemaValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code gate:wait-for}: polls a URL until it answers with the expected status (and, optionally, a
 * body containing a text or a JSON pointer with a value), e.g. "PR merged" or "resource ready".
 * Between polls the task holds no worker. Private and loopback addresses are refused unless their
 * host is allow-listed (SSRF).
 */
@ApplicationScoped
public class GateWaitForAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 65536;

    @Inject
    ScaffolderConfig config;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public String id() {
        return "gate:wait-for";
    }

    @Override
    public String description() {
        return "Polls a URL until a condition holds (status, body text or JSON value), or fails after the timeout.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["url"],"additionalProperties":false,"properties":{
                  "url":{"type":"string","pattern":"^https?://"},
                  "headers":{"type":"object","additionalProperties":{"type":"string"}},
                  "expectStatus":{"type":"integer","minimum":100,"maximum":599},
                  "bodyContains":{"type":"string"},
                  "jsonPointer":{"type":"string","pattern":"^/"},
                  "equals":{},
                  "interval":{"type":"string","description":"ISO-8601 duration between polls (default PT30S)"},
                  "timeout":{"type":"string","description":"ISO-8601 duration (default PT1H)"}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"integer\"},\"polls\":{\"type\":\"integer\"}}}");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: only reads the URL.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) throws InterruptedException {
        URI uri = guard(input.path("url").asText());
        Duration interval = duration(input.path("interval").asText("PT30S"), "interval");
        if (interval.compareTo(config.gates().minPollInterval()) < 0) {
            interval = config.gates().minPollInterval();
        }
        JsonNode state = context.gateState();
        Instant deadline = state == null || state.isNull()
                ? Instant.now().plus(duration(input.path("timeout").asText("PT1H"), "timeout"))
                : Instant.parse(state.path("deadline").asText());
        int polls = state == null || state.isNull() ? 1 : state.path("polls").asInt() + 1;
        int status = -1;
        boolean met = false;
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
            Iterator<Map.Entry<String, JsonNode>> headers = input.path("headers").fields();
            while (headers.hasNext()) {
                var h = headers.next();
                req.header(h.getKey(), h.getValue().asText());
            }
            HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = resp.statusCode();
            String body = new String(resp.body(), 0, Math.min(resp.body().length, MAX_BODY), java.nio.charset.StandardCharsets.UTF_8);
            met = status == input.path("expectStatus").asInt(200) && bodyMatches(input, body);
        } catch (IOException e) {
            context.log("Poll " + polls + " of " + uri.getHost() + " failed: " + e.getClass().getSimpleName());
        }
        if (met) {
            context.log("Condition met after " + polls + " poll(s)");
            return ActionResult.done(JSON.createObjectNode().put("status", status).put("polls", polls));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new GateApprovalAction.GateRejected("Condition on " + uri + " not met before " + deadline + " (last status " + status + ")");
        }
        ObjectNode next = JSON.createObjectNode().put("type", "wait-for").put("deadline", deadline.toString()).put("polls", polls);
        Instant wake = Instant.now().plus(interval);
        if (polls == 1) {
            context.log("Waiting for " + uri + " (every " + interval.toSeconds() + " s until " + deadline + ")");
        }
        return ActionResult.waitUntil(wake.isAfter(deadline) ? deadline.plusMillis(1) : wake, next);
    }

    private static boolean bodyMatches(JsonNode input, String body) {
        if (input.hasNonNull("bodyContains") && !body.contains(input.get("bodyContains").asText())) {
            return false;
        }
        if (input.hasNonNull("jsonPointer")) {
            try {
                JsonNode value = JSON.readTree(body).at(input.get("jsonPointer").asText());
                if (value.isMissingNode()) {
                    return false;
                }
                return !input.has("equals") || value.equals(input.get("equals"))
                        || value.asText().equals(input.get("equals").asText());
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static Duration duration(String text, String field) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new InputError(field + " must be positive");
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw new InputError(field + " must be an ISO-8601 duration such as PT30S, not " + text);
        }
    }

    URI guard(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InputError("url is not a URL: " + url);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new InputError("url must be http(s) with a host: " + url);
        }
        List<String> allowed = config.gates().allowedHosts().orElse(List.of());
        if (allowed.stream().anyMatch(h -> h.equalsIgnoreCase(uri.getHost()))) {
            return uri;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
                    throw new NotAllowedError("gate:wait-for may not poll private or loopback address " + uri.getHost()
                            + " (allow it in atrium.scaffolder.gates.allowed-hosts)");
                }
            }
        } catch (UnknownHostException e) {
            throw new InputError("Unknown host " + uri.getHost());
        }
        return uri;
    }
}
