package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.InputError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.catalog.CatalogClient;
import dev.atrium.scaffolder.schema.SchemaValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * {@code catalog:register}: registers a catalog-info file with catalog-service (with the user's
 * token, so the catalog's ownership rules apply) and reports the main entity it defines.
 * {@code repoContentsUrl} from publish:git ({@code <cloneUrl>#<branch>}) becomes a {@code git}
 * location; web URLs ({@code https://host/o/r/blob/main}) become {@code url} locations.
 */
@ApplicationScoped
public class CatalogRegisterAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CatalogClient catalog;

    @Override
    public String id() {
        return "catalog:register";
    }

    @Override
    public String description() {
        return "Registers a catalog-info.yaml with the catalog and outputs the entity it defines.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","additionalProperties":false,"oneOf":[{"required":["catalogInfoUrl"]},{"required":["repoContentsUrl"]}],
                 "properties":{
                  "catalogInfoUrl":{"type":"string","minLength":1,"description":"Location of the catalog file (url, or git target <clone>#<ref>:<path>)"},
                  "repoContentsUrl":{"type":"string","minLength":1,"description":"Repository contents URL from a publish step"},
                  "catalogInfoPath":{"type":"string","description":"Path of the catalog file in the repository (default /catalog-info.yaml)"},
                  "optional":{"type":"boolean","description":"Do not fail when registration fails"}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","properties":{"entityRef":{"type":"string"},"catalogInfoUrl":{"type":"string"}}}""");
    }

    @Override
    public String permission() {
        return "catalog.location.create";
    }

    @Override
    public String idempotency() {
        return "Idempotent: a location that is already registered counts as registered.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) {
        String[] location = location(input);
        String type = location[0];
        String target = location[1];
        String token = context.userToken().orElse(null);
        ObjectNode output = JSON.createObjectNode();
        output.put("catalogInfoUrl", target);
        try {
            try {
                catalog.addLocation(type, target, false, token);
                context.log("Registered " + type + " location " + target);
            } catch (ConflictError e) {
                context.log("Location " + target + " is already registered");
            }
            JsonNode dry = catalog.addLocation(type, target, true, token);
            String ref = mainEntity(dry.path("entities"));
            if (ref != null) {
                output.put("entityRef", ref);
                context.log("Catalog entity: " + ref);
            }
        } catch (AtriumError e) {
            if (input.path("optional").asBoolean(false)) {
                context.log("Registration failed but is optional: " + e.getMessage());
                return ActionResult.done(output);
            }
            throw e;
        }
        return ActionResult.done(output);
    }

    /** The location type and target for the input. */
    static String[] location(JsonNode input) {
        if (input.hasNonNull("catalogInfoUrl")) {
            String url = input.get("catalogInfoUrl").asText();
            return url.contains("#") || url.startsWith("file:") ? new String[] {"git", url} : new String[] {"url", url};
        }
        String contents = input.path("repoContentsUrl").asText();
        String path = input.path("catalogInfoPath").asText("/catalog-info.yaml");
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isBlank() || relative.contains("..")) {
            throw new InputError("catalogInfoPath must name a file inside the repository");
        }
        int hash = contents.indexOf('#');
        if (hash >= 0) {
            String branch = contents.substring(hash + 1);
            return new String[] {"git", contents.substring(0, hash) + "#" + (branch.isBlank() ? "" : branch + ":") + relative};
        }
        if (contents.toLowerCase(Locale.ROOT).startsWith("file:")) {
            return new String[] {"git", contents + "#" + relative};
        }
        return new String[] {"url", contents.replaceAll("/+$", "") + "/" + relative};
    }

    /** Backstage's choice: the first Component not named generated-*, else the first non-generated entity, else the first. */
    static String mainEntity(JsonNode entities) {
        String firstNonGenerated = null;
        String first = null;
        for (JsonNode e : entities) {
            String name = e.path("metadata").path("name").asText();
            String ref = e.path("kind").asText().toLowerCase(Locale.ROOT) + ":"
                    + e.path("metadata").path("namespace").asText("default") + "/" + name;
            if (first == null) {
                first = ref;
            }
            if (!name.startsWith("generated-")) {
                if ("component".equalsIgnoreCase(e.path("kind").asText())) {
                    return ref;
                }
                if (firstNonGenerated == null) {
                    firstNonGenerated = ref;
                }
            }
        }
        return firstNonGenerated != null ? firstNonGenerated : first;
    }
}
