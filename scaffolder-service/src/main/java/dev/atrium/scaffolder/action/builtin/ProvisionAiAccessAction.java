package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import dev.atrium.scaffolder.access.AccessClient;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.expression.TemplateFilters;
import dev.atrium.scaffolder.schema.SchemaValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * {@code toolchain:provision-ai-access}: asks access-service for AI model access for a team
 * ({@code POST /api/access/v1/requests} with the user's token). The user must belong to the team.
 * While access-service cannot be reached the step fails with "access-service unavailable".
 */
@ApplicationScoped
public class ProvisionAiAccessAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long DEFAULT_MONTHLY_TOKENS = 100_000;

    @Inject
    AccessClient access;

    @Override
    public String id() {
        return "toolchain:provision-ai-access";
    }

    @Override
    public String description() {
        return "Requests access to an AI model (catalog AIModel) for a team through access-service.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["model","team","useCase"],"additionalProperties":false,"properties":{
                  "model":{"type":"string","minLength":1,"description":"AIModel entity ref, e.g. aimodel:default/gpt-gateway"},
                  "team":{"type":"string","minLength":1,"description":"Team (group) the access is for; the user must be a member"},
                  "useCase":{"type":"string","minLength":1,"maxLength":2000},
                  "monthlyTokens":{"type":"integer","minimum":1,"description":"Expected tokens per month"}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","properties":{"requestId":{"type":"string"},"status":{"type":"string"},
                 "model":{"type":"string"},"team":{"type":"string"}}}""");
    }

    @Override
    public String permission() {
        return "access.request.create";
    }

    @Override
    public void authorize(AtriumUser user, JsonNode input) {
        String team = input.path("team").asText();
        if (!team.isBlank() && !Policy.canEdit(user, team, null)) {
            throw new NotAllowedError("Only members of " + Policy.canonicalOwnerRef(team) + " may request AI model access for it");
        }
    }

    @Override
    public String idempotency() {
        return "Not idempotent: every run files a new access request.";
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) {
        Map<String, Object> ref = TemplateFilters.parseEntityRef(input.path("model").asText(), "aimodel", "default");
        String modelRef = ref.get("kind") + ":" + ref.get("namespace") + "/" + ref.get("name");
        String team = Policy.canonicalOwnerRef(input.path("team").asText());
        String teamName = team.substring(team.indexOf('/') + 1);
        ObjectNode request = JSON.createObjectNode()
                .put("modelRef", modelRef)
                .put("team", teamName)
                .put("useCase", input.path("useCase").asText())
                .put("expectedMonthlyTokens", input.path("monthlyTokens").asLong(DEFAULT_MONTHLY_TOKENS));
        context.log("Requesting access to " + modelRef + " for " + teamName);
        JsonNode created = access.createRequest(request, context.userToken().orElse(null));
        String id = created.path("id").asText(null);
        String state = created.path("state").asText(created.path("status").asText("requested"));
        context.log("Access request " + id + " is " + state);
        ObjectNode out = JSON.createObjectNode().put("requestId", id).put("status", state).put("model", modelRef).put("team", teamName);
        return ActionResult.done(out);
    }
}
