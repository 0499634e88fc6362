package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.PayloadTooLargeError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.ExpressionEngine;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.expression.Expressions;
import dev.atrium.scaffolder.workspace.SkeletonSource;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code fetch:template}: renders a skeleton directory into the workspace. File contents and file
 * names are templates over {@code values}; {@code copyWithoutTemplating} globs are copied raw (their
 * names still rendered). Links, absolute names and names rendering outside the target are refused.
 */
@ApplicationScoped
public class FetchTemplateAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SkeletonSource skeletons;

    @Inject
    Expressions expressions;

    @Inject
    ScaffolderConfig config;

    @Override
    public String id() {
        return "fetch:template";
    }

    @Override
    public String description() {
        return "Downloads a skeleton directory, renders its files and file names with the given values, and puts it in the workspace.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["url"],"additionalProperties":false,"properties":{
                  "url":{"type":"string","minLength":1,"description":"Relative path from the template, file: path, git URL or bundled:<name>"},
                  "targetPath":{"type":"string","description":"Target directory inside the workspace (default ./)"},
                  "values":{"type":"object","description":"Values exposed as ${{ values.x }} in the skeleton"},
                  "copyWithoutTemplating":{"type":"array","items":{"type":"string"},"description":"Globs whose contents are copied raw"},
                  "copyWithoutRender":{"type":"array","items":{"type":"string"},"description":"Deprecated alias of copyWithoutTemplating"},
                  "templateFileExtension":{"type":["string","boolean"],"description":"Only files with this extension are rendered (true means .njk); the extension is removed"},
                  "replace":{"type":"boolean","description":"Overwrite files that already exist"},
                  "trimBlocks":{"type":"boolean"},
                  "lstripBlocks":{"type":"boolean"},
                  "cookiecutterCompat":{"type":"boolean","description":"Also expose values as cookiecutter.x"}
                }}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","properties":{"files":{"type":"integer","description":"Files written"}}}""");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: renders the same files again; existing files are kept unless replace is true.";
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
    public List<ActionExample> examples() {
        return List.of(new ActionExample("Render the skeleton next to the template", """
                action: fetch:template
                input:
                  url: ./skeleton
                  values:
                    name: ${{ parameters.name }}"""));
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) {
        if (input.has("copyWithoutTemplating") && input.has("copyWithoutRender")) {
            throw new InputError("copyWithoutTemplating and copyWithoutRender are mutually exclusive");
        }
        Path target = Workspace.resolveIn(context.workspace(), input.path("targetPath").asText("./"));
        List<PathMatcher> raw = new ArrayList<>();
        JsonNode globs = input.has("copyWithoutTemplating") ? input.get("copyWithoutTemplating") : input.path("copyWithoutRender");
        globs.forEach(g -> raw.add(FileSystems.getDefault().getPathMatcher("glob:" + stripDot(g.asText()))));
        String extension = null;
        JsonNode ext = input.path("templateFileExtension");
        if (ext.isBoolean() && ext.asBoolean()) {
            extension = ".njk";
        } else if (ext.isTextual() && !ext.asText().isBlank()) {
            extension = ext.asText().startsWith(".") ? ext.asText() : "." + ext.asText();
        }
        boolean replace = input.path("replace").asBoolean(false);
        JsonNode values = input.path("values").isObject() ? input.get("values") : JSON.createObjectNode();
        Map<String, Object> scope = ExpressionEngine.context(input.path("cookiecutterCompat").asBoolean(false)
                ? Map.of("values", values, "cookiecutter", values) : Map.of("values", values));
        ExpressionEngine engine = expressions.engine().withWhitespaceControl(
                input.path("trimBlocks").asBoolean(false), input.path("lstripBlocks").asBoolean(false));
        String finalExtension = extension;
        int written = skeletons.open(input.path("url").asText(), context.templateLocation(),
                dir -> copy(dir, target, raw, finalExtension, replace, engine, scope, context));
        context.log("Rendered " + written + " files from " + input.path("url").asText() + " into "
                + (context.workspace().relativize(target).toString().isEmpty() ? "./" : context.workspace().relativize(target)));
        return ActionResult.done(JSON.createObjectNode().put("files", written));
    }

    private int copy(Path skeleton, Path target, List<PathMatcher> raw, String extension, boolean replace,
            ExpressionEngine engine, Map<String, Object> scope, ActionContext context) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(skeleton)) {
            files = s.filter(p -> !p.equals(skeleton)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.size() > config.limits().maxWorkspaceFiles()) {
            throw new PayloadTooLargeError("Skeleton has " + files.size() + " files, over the limit of " + config.limits().maxWorkspaceFiles());
        }
        int written = 0;
        for (Path source : files) {
            String relative = skeleton.relativize(source).toString().replace('\\', '/');
            if (Files.isSymbolicLink(source)) {
                throw new InputError("Skeleton file " + relative + " is a symbolic link; links are not copied");
            }
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            boolean copyRaw = raw.stream().anyMatch(m -> m.matches(Path.of(relative)));
            boolean render = !copyRaw && (extension == null || relative.endsWith(extension));
            String name = relative;
            if (extension != null && name.endsWith(extension)) {
                name = name.substring(0, name.length() - extension.length());
            }
            String renderedName = engine.render(name, scope);
            if (renderedName.isBlank() || renderedName.endsWith("/")) {
                continue; // a name rendering to nothing means "leave this file out", as in Backstage
            }
            Path out = Workspace.resolveIn(target, renderedName);
            try {
                if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !replace) {
                    context.log("Skipped " + renderedName + ": it already exists");
                    continue;
                }
                long size = Files.size(source);
                if (size > config.limits().maxFileBytes()) {
                    throw new PayloadTooLargeError("Skeleton file " + relative + " is " + size + " bytes, over the limit of "
                            + config.limits().maxFileBytes());
                }
                Files.createDirectories(out.getParent());
                byte[] bytes = Files.readAllBytes(source);
                String text = render ? utf8(bytes) : null;
                if (text != null) {
                    Files.writeString(out, engine.render(text, scope), StandardCharsets.UTF_8);
                } else {
                    Files.write(out, bytes);
                }
                if (Files.isExecutable(source)) {
                    out.toFile().setExecutable(true);
                }
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return written;
    }

    /** The text of a file, or null for binary content (copied raw). */
    private static String utf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String stripDot(String glob) {
        return glob.startsWith("./") ? glob.substring(2) : glob;
    }
}
