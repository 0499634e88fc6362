package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.Policy;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.schema.SchemaValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code gate:approval}: the task waits, durably and without holding a worker, until a member of the
 * approver group (or a platform admin) approves or rejects the step through
 * {@code POST /v2/tasks/{id}/steps/{stepId}/approve|reject}, or until the timeout passes.
 */
@ApplicationScoped
public class GateApprovalAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ScaffolderConfig config;

    @Override
    public String id() {
        return "gate:approval";
    }

    @Override
    public String description() {
        return "Waits until a member of the approver group approves (the task continues) or rejects (the task fails), or the timeout passes.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["approvers"],"additionalProperties":false,"properties":{
                  "approvers":{"type":"string","minLength":1,"description":"Group whose members may decide, e.g. group:default/platform-team"},
                  "reason":{"type":"string","description":"What the approvers are asked to approve"},
                  "timeout":{"type":"string","description":"ISO-8601 duration, e.g. PT24H or P7D (default: atrium.scaffolder.gates.default-approval-timeout)"}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","properties":{"approved":{"type":"boolean"},"decidedBy":{"type":"string"},
                 "comment":{"type":"string"},"decidedAt":{"type":"string"}}}""");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: the decision is stored with the step; waiting again changes nothing.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) {
        String approvers = Policy.canonicalOwnerRef(input.path("approvers").asText());
        JsonNode state = context.gateState();
        if (context.dryRun()) {
            context.log("Dry run: approval by " + approvers + " assumed");
            return ActionResult.done(JSON.createObjectNode().put("approved", true).put("decidedBy", "dry-run"));
        }
        if (state == null || state.isNull()) {
            Duration timeout = parseTimeout(input.path("timeout").asText(null));
            Instant deadline = Instant.now().plus(timeout);
            ObjectNode s = JSON.createObjectNode().put("type", "approval").put("approvers", approvers)
                    .put("reason", input.path("reason").asText("")).put("deadline", deadline.toString());
            context.log("Waiting for approval by " + approvers + " until " + deadline
                    + (input.hasNonNull("reason") ? ": " + input.get("reason").asText() : ""));
            return ActionResult.waitUntil(deadline, s);
        }
        JsonNode decision = context.gateDecision();
        if (decision != null && !decision.isNull()) {
            boolean approved = decision.path("approved").asBoolean();
            String by = decision.path("by").asText();
            String comment = decision.path("comment").asText("");
            if (!approved) {
                throw new GateRejected("Rejected by " + by + (comment.isBlank() ? "" : ": " + comment));
            }
            context.log("Approved by " + by + (comment.isBlank() ? "" : ": " + comment));
            return ActionResult.done(JSON.createObjectNode().put("approved", true).put("decidedBy", by).put("comment", comment)
                    .put("decidedAt", decision.path("at").asText()));
        }
        Instant deadline = Instant.parse(state.path("deadline").asText());
        if (Instant.now().isAfter(deadline)) {
            throw new GateRejected("No decision by " + approvers + " before " + deadline + ": the approval timed out");
        }
        return ActionResult.waitUntil(deadline, state);
    }

    private Duration parseTimeout(String text) {
        if (text == null || text.isBlank()) {
            return config.gates().defaultApprovalTimeout();
        }
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new InputError("timeout must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InputError("timeout must be an ISO-8601 duration such as PT24H, not " + text);
        }
    }

    /** A gate that ended without approval. */
    public static final class GateRejected extends RuntimeException {
        public GateRejected(String message) {
            super(message, null, false, false);
        }
    }
}
