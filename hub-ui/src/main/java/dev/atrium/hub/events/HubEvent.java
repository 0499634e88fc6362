package dev.atrium.hub.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event in the metrics-service contract: a globally unique id (the idempotency key, so a batch can
 * be sent again after a timeout), type, actor, team, time and type-specific attributes.
 */
public record HubEvent(String id, String type, String actor, String team, String time, Map<String, Object> attributes) {

    public static HubEvent of(String type, String actor, String team, Map<String, Object> attributes) {
        return new HubEvent("hub-" + UUID.randomUUID(), type, actor, team == null || team.isEmpty() ? null : team,
                Instant.now().toString(), Map.copyOf(attributes));
    }
}
