package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.schema.SchemaValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** {@code debug:log}: writes a message, and optionally the workspace listing, to the task log. */
@ApplicationScoped
public class DebugLogAction implements ScaffolderAction {
    private static final int MAX_CONTENT_CHARS = 2000;

    @Override
    public String id() {
        return "debug:log";
    }

    @Override
    public String description() {
        return "Writes a message into the task log; can also list the workspace's files (and their contents).";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","additionalProperties":false,"properties":{
                  "message":{"type":"string"},
                  "listWorkspace":{"oneOf":[{"type":"boolean"},{"type":"string","enum":["with-filenames","with-contents"]}]}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("{\"type\":\"object\"}");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: only writes to the log.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<ActionExample> examples() {
        return List.of(new ActionExample("Log a message", "action: debug:log\ninput:\n  message: Hello ${{ parameters.name }}"));
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) throws IOException {
        if (input.hasNonNull("message")) {
            context.log(input.get("message").asText());
        }
        JsonNode list = input.path("listWorkspace");
        if ((list.isBoolean() && list.asBoolean()) || list.isTextual()) {
            boolean contents = "with-contents".equals(list.asText());
            try (var files = Files.walk(context.workspace())) {
                for (var p : (Iterable<java.nio.file.Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    String rel = context.workspace().relativize(p).toString();
                    if (contents) {
                        String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                        context.log(rel + ":\n" + (text.length() > MAX_CONTENT_CHARS ? text.substring(0, MAX_CONTENT_CHARS) + "…" : text));
                    } else {
                        context.log(rel);
                    }
                }
            }
        }
        return ActionResult.done();
    }
}
