package dev.atrium.metrics.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One validated DevEx event: a globally unique idempotency key, its type, who and which team, when,
 * and the type's attributes (see {@link EventType}).
 */
public record Event(String id, EventType type, String actor, String team, Instant time, ObjectNode attributes) {

    /** Text attribute, or null when absent or JSON null. */
    public String text(String name) {
        var node = attributes.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Boolean attribute (validation guarantees the type where it is required). */
    public boolean flag(String name) {
        var node = attributes.get(name);
        return node != null && node.asBoolean();
    }

    /** Whole-number attribute, or null. */
    public Long number(String name) {
        var node = attributes.get(name);
        return node == null || !node.canConvertToLong() ? null : node.asLong();
    }
}
