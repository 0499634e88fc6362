package dev.atrium.scaffolder.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What one action run produced: its output, or (for gate actions) a request to be woken again at a
 * given time with the state it wants to keep. A waiting step holds no worker.
 */
public record ActionResult(ObjectNode output, Instant wakeAt, JsonNode gateState) {

    public static ActionResult done(ObjectNode output) {
        return new ActionResult(output == null ? JsonNodeFactory.instance.objectNode() : output, null, null);
    }

    public static ActionResult done() {
        return done(null);
    }

    /** The step is not finished: run it again at {@code wakeAt} (or earlier, when a decision arrives). */
    public static ActionResult waitUntil(Instant wakeAt, JsonNode gateState) {
        return new ActionResult(null, wakeAt, gateState);
    }

    public boolean waiting() {
        return wakeAt != null;
    }
}
