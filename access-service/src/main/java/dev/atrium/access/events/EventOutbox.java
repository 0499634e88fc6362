package dev.atrium.access.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.access.request.AccessRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Writes events for metrics-service into the outbox, in the transaction of the change they report. */
@ApplicationScoped
public class EventOutbox {
    public static final String ACCESS_PROVISIONED = "access.provisioned";

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper json;

    /**
     * {@code access.provisioned}: the request became ACTIVE. The id is derived from the request, so the event is
     * written (and counted by metrics-service) once however often this is called.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void accessProvisioned(AccessRequest r, long durationMs) {
        String id = ACCESS_PROVISIONED + ":" + r.id;
        if (outbox.findById(id) != null) {
            return;
        }
        ObjectNode event = json.createObjectNode();
        event.put("id", id);
        event.put("type", ACCESS_PROVISIONED);
        event.put("actor", r.requester);
        event.put("team", r.teamName());
        event.put("time", r.activeAt.truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode attributes = event.putObject("attributes");
        attributes.put("requestId", r.id.toString());
        attributes.put("model", r.modelRef);
        attributes.put("tier", r.tier);
        attributes.put("workflow", "access-request");
        attributes.put("durationMs", durationMs);
        OutboxEvent e = new OutboxEvent();
        e.id = id;
        e.type = ACCESS_PROVISIONED;
        try {
            e.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        e.createdAt = Instant.now();
        e.nextAttemptAt = e.createdAt;
        outbox.persist(e);
    }
}
