package dev.atrium.scaffolder.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What running one step produced, computed without touching the database; {@link TaskStore}
 * records it in one transaction.
 */
public record StepOutcome(String stepId, String status, ObjectNode output, String error, Instant wakeAt, JsonNode gateState,
        RuntimeException cause) {

    public static StepOutcome completed(String stepId, ObjectNode output) {
        return new StepOutcome(stepId, TaskStatus.COMPLETED, output, null, null, null, null);
    }

    public static StepOutcome skipped(String stepId) {
        return new StepOutcome(stepId, TaskStatus.SKIPPED, null, null, null, null, null);
    }

    public static StepOutcome failed(String stepId, String error) {
        return new StepOutcome(stepId, TaskStatus.FAILED, null, error, null, null, null);
    }

    public static StepOutcome failed(String stepId, String error, RuntimeException cause) {
        return new StepOutcome(stepId, TaskStatus.FAILED, null, error, null, null, cause);
    }

    public static StepOutcome cancelled(String stepId) {
        return new StepOutcome(stepId, TaskStatus.CANCELLED, null, "cancelled", null, null, null);
    }

    public static StepOutcome waiting(String stepId, Instant wakeAt, JsonNode gateState) {
        return new StepOutcome(stepId, TaskStatus.WAITING, null, null, wakeAt, gateState, null);
    }
}
