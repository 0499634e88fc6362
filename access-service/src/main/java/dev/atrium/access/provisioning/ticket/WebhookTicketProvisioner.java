package dev.atrium.access.provisioning.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Generic ITSM webhook: one JSON POST per ticket ({@code {"idempotencyKey","summary","description","fields"}})
 * with an {@code Idempotency-Key} header, so a receiver that honours it files a retried ticket once. Any 2xx is
 * success; the ticket id is the answer's {@code id}, {@code key} or {@code ticketId}, else the idempotency key.
 */
public class WebhookTicketProvisioner extends HttpTicketProvisioner {
    private final URI url;
    private final String authorization;

    public WebhookTicketProvisioner(String url, String authorization, Duration timeout) {
        super(timeout);
        this.url = URI.create(url);
        this.authorization = authorization;
    }

    @Override
    public String adapter() {
        return "webhook";
    }

    @Override
    protected String file(TicketContent content) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("idempotencyKey", content.idempotencyKey());
        body.put("summary", content.summary());
        body.put("description", content.description());
        body.set("fields", JSON.valueToTree(content.fields()));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", content.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("ticket webhook answered HTTP " + response.statusCode());
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            for (String field : new String[] {"id", "key", "ticketId"}) {
                if (answer.path(field).isValueNode() && !answer.path(field).asText().isBlank()) {
                    return "webhook:" + answer.path(field).asText();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a receiver that answers without a JSON body still filed the ticket
        }
        return "webhook:" + content.idempotencyKey();
    }
}
