package dev.atrium.access.provisioning.ticket;

import dev.atrium.access.provisioning.ProvisioningContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every ITSM adapter files for a grant or its removal: a summary line and the compliance facts. Never a secret. */
public record TicketContent(String idempotencyKey, String summary, String description, Map<String, Object> fields) {

    public static TicketContent of(ProvisioningContext c) {
        boolean grant = ProvisioningContext.PROVISION.equals(c.action());
        String summary = (grant ? "AI model access granted: " : "AI model access removed: ") + c.teamName() + " → "
                + c.modelRef() + " (" + c.tier() + ")";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", c.requestId().toString());
        fields.put("action", c.action());
        fields.put("team", c.team());
        fields.put("model", c.modelRef());
        fields.put("modelKind", c.modelKind());
        fields.put("coveredModels", c.coveredModels().keySet());
        fields.put("tier", c.tier());
        fields.put("requester", c.requester());
        fields.put("useCase", c.useCase());
        fields.put("expectedMonthlyTokens", c.expectedMonthlyTokens());
        StringBuilder description = new StringBuilder();
        fields.forEach((k, v) -> description.append(k).append(": ").append(v).append('\n'));
        return new TicketContent("atrium-" + c.action() + "-" + c.requestId(), summary, description.toString(), fields);
    }
}
