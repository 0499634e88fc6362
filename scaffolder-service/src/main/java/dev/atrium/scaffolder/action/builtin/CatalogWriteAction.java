package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code catalog:write}: writes an entity as YAML into the workspace, annotated with the template it came from. */
@ApplicationScoped
public class CatalogWriteAction implements ScaffolderAction {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Override
    public String id() {
        return "catalog:write";
    }

    @Override
    public String description() {
        return "Writes a catalog entity as YAML (default catalog-info.yaml) into the workspace.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["entity"],"additionalProperties":false,"properties":{
                  "entity":{"type":"object","required":["apiVersion","kind","metadata"]},
                  "filePath":{"type":"string","minLength":1}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("{\"type\":\"object\",\"properties\":{\"filePath\":{\"type\":\"string\"}}}");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: writes the same file again.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) throws Exception {
        String file = input.path("filePath").asText("catalog-info.yaml");
        Path out = Workspace.resolveIn(context.workspace(), file);
        ObjectNode entity = input.get("entity").deepCopy();
        context.templateRef().ifPresent(ref -> {
            ObjectNode metadata = entity.with("metadata");
            metadata.with("annotations").put("backstage.io/source-template", ref);
        });
        Files.createDirectories(out.getParent());
        Files.writeString(out, YAML.writeValueAsString(entity));
        context.log("Wrote " + file);
        return ActionResult.done(YAML.createObjectNode().put("filePath", file));
    }
}
