package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.commons.error.InputError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.workspace.SkeletonSource;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code fetch:plain}: copies a directory into the workspace without rendering anything. */
@ApplicationScoped
public class FetchPlainAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SkeletonSource skeletons;

    @Override
    public String id() {
        return "fetch:plain";
    }

    @Override
    public String description() {
        return "Downloads a directory and copies it into the workspace as it is.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["url"],"additionalProperties":false,"properties":{
                  "url":{"type":"string","minLength":1},
                  "targetPath":{"type":"string"},
                  "token":{"type":"string","description":"Unused: credentials come from configuration"}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("{\"type\":\"object\",\"properties\":{\"files\":{\"type\":\"integer\"}}}");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: copies the same files again, overwriting them.";
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
    public ActionResult execute(ActionContext context, JsonNode input) {
        Path target = Workspace.resolveIn(context.workspace(), input.path("targetPath").asText("./"));
        int count = skeletons.open(input.path("url").asText(), context.templateLocation(), dir -> {
            int n = 0;
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                    String rel = dir.relativize(p).toString();
                    if (Files.isSymbolicLink(p)) {
                        throw new InputError("File " + rel + " is a symbolic link; links are not copied");
                    }
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Path out = Workspace.resolveIn(target, rel);
                        Files.createDirectories(out.getParent());
                        Files.copy(p, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        n++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return n;
        });
        context.log("Copied " + count + " files from " + input.path("url").asText());
        return ActionResult.done(JSON.createObjectNode().put("files", count));
    }

    @Override
    public List<ActionExample> examples() {
        return List.of(new ActionExample("Copy static files", "action: fetch:plain\ninput:\n  url: ./static"));
    }
}
