package dev.atrium.scaffolder.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.CurrentUser;
import dev.atrium.scaffolder.action.ActionInvoker;
import dev.atrium.scaffolder.action.ActionRegistry;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.catalog.CatalogClient;
import dev.atrium.scaffolder.expression.TemplateFilters;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The action registry as MCP tools (one tool per action, named with {@code _} for {@code :}, e.g.
 * {@code debug_log}), plus read-only catalog tools. Every call runs as the bearer token's user,
 * through the same invoker as {@code POST /v2/actions/{id}/invoke}.
 */
@ApplicationScoped
public class McpTools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SEARCH = 50;

    @Inject
    ToolManager tools;

    @Inject
    ActionRegistry registry;

    @Inject
    ActionInvoker invoker;

    @Inject
    CatalogClient catalog;

    /** Tool name of an action: MCP tool names may not contain ':'. */
    public static String toolName(String actionId) {
        return actionId.replace(':', '_');
    }

    void register(@Observes StartupEvent event) {
        for (ScaffolderAction action : registry.all()) {
            if (action.id().startsWith("gate:")) {
                continue; // gates only make sense inside a task
            }
            tools.newTool(toolName(action.id()))
                    .setTitle(action.id())
                    .setDescription(action.description() + " (" + action.idempotency() + ")")
                    .setInputSchema(JSON.convertValue(action.inputSchema(), Map.class))
                    .setAnnotations(new ToolManager.ToolAnnotations(action.id(), action.readOnly(), !action.readOnly(),
                            action.idempotent(), false))
                    .setHandler(args -> call(user -> {
                        JsonNode input = JSON.valueToTree(args.args());
                        ActionInvoker.Invocation r = invoker.invoke(action.id(), input, false, user, token());
                        ObjectNode out = JSON.createObjectNode();
                        out.set("output", r.output());
                        out.set("log", r.log());
                        return out;
                    }), false)
                    .register();
        }
        tools.newTool("catalog_search_entities")
                .setDescription("Searches the catalog: optional filter (e.g. kind=component,spec.type=service) and text term")
                .addArgument("filter", "Catalog filter, e.g. kind=aimodel", false, String.class)
                .addArgument("term", "Text to look for in names and titles", false, String.class)
                .addArgument("limit", "Results (1-50, default 20)", false, Integer.class)
                .setAnnotations(new ToolManager.ToolAnnotations("Search catalog entities", true, false, true, false))
                .setHandler(args -> call(user -> {
                    Object f = args.args().get("filter");
                    Object t = args.args().get("term");
                    int limit = args.args().get("limit") instanceof Number n ? Math.max(1, Math.min(MAX_SEARCH, n.intValue())) : 20;
                    JsonNode r = catalog.query(f == null ? List.of() : List.of(f.toString()), t == null ? null : t.toString(),
                            t == null ? null : "metadata.name,metadata.title", null, limit, null, token());
                    return summaries(r.path("items"));
                }), false)
                .register();
        tools.newTool("catalog_get_entity")
                .setDescription("One catalog entity by ref, e.g. component:default/payments-api")
                .addArgument("ref", "Entity ref [kind:][namespace/]name", true, String.class)
                .setAnnotations(new ToolManager.ToolAnnotations("Get a catalog entity", true, false, true, false))
                .setHandler(args -> call(user -> {
                    Map<String, Object> ref = TemplateFilters.parseEntityRef(String.valueOf(args.args().get("ref")), "component", "default");
                    return catalog.entity((String) ref.get("kind"), (String) ref.get("namespace"), (String) ref.get("name"), token())
                            .orElseThrow(() -> new InputError("No entity " + args.args().get("ref")));
                }), false)
                .register();
        tools.newTool("catalog_list_templates")
                .setDescription("Golden-path templates in the catalog (name, title, description, owner, type)")
                .setAnnotations(new ToolManager.ToolAnnotations("List templates", true, false, true, false))
                .setHandler(args -> call(user -> summaries(catalog.query(List.of("kind=template"), null, null, "metadata.name,asc",
                        MAX_SEARCH, null, token()).path("items"))), false)
                .register();
    }

    private static ArrayNode summaries(JsonNode items) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode e : items) {
            ObjectNode s = out.addObject()
                    .put("ref", e.path("kind").asText().toLowerCase() + ":" + e.path("metadata").path("namespace").asText("default") + "/"
                            + e.path("metadata").path("name").asText())
                    .put("title", e.path("metadata").path("title").asText(e.path("metadata").path("name").asText()));
            if (e.path("metadata").has("description")) {
                s.put("description", e.path("metadata").path("description").asText());
            }
            if (e.path("spec").has("owner")) {
                s.put("owner", e.path("spec").path("owner").asText());
            }
            if (e.path("spec").has("type")) {
                s.put("type", e.path("spec").path("type").asText());
            }
        }
        return out;
    }

    private static ToolResponse call(Function<AtriumUser, JsonNode> work) {
        try {
            AtriumUser user = Arc.container().instance(CurrentUser.class).get().get();
            JsonNode result = work.apply(user);
            return ToolResponse.success("```json\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n```");
        } catch (AtriumError e) {
            return ToolResponse.error(e.errorName() + ": " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ToolResponse.error("Could not encode the result");
        }
    }

    private static String token() {
        SecurityIdentity identity = Arc.container().instance(SecurityIdentity.class).get();
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
    }

    static List<String> names(List<ScaffolderAction> actions) {
        List<String> out = new ArrayList<>();
        actions.forEach(a -> out.add(toolName(a.id())));
        return out;
    }
}
