package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.TemplateFilters;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * {@code publish:git}: initialises a repository from the workspace, commits and pushes it to any git
 * remote: a configured git host ({@code repoUrl: host?owner=o&repo=r}) or an explicit
 * {@code remoteUrl} ({@code file://} under the allowed roots, or https on a configured host).
 */
@ApplicationScoped
public class PublishGitAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");

    @Inject
    ScaffolderConfig config;

    @Override
    public String id() {
        return "publish:git";
    }

    @Override
    public String description() {
        return "Commits the workspace (or sourcePath) and pushes it as a new repository to a git host.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","additionalProperties":false,"oneOf":[{"required":["repoUrl"]},{"required":["remoteUrl"]}],
                 "properties":{
                  "repoUrl":{"type":"string","minLength":1,"description":"host?owner=o&repo=r of a configured git host"},
                  "remoteUrl":{"type":"string","minLength":1,"description":"Explicit remote (file:// bare repository or https)"},
                  "defaultBranch":{"type":"string","pattern":"^[A-Za-z0-9._/-]{1,100}$"},
                  "sourcePath":{"type":"string"},
                  "description":{"type":"string"},
                  "gitCommitMessage":{"type":"string"},
                  "gitAuthorName":{"type":"string"},
                  "gitAuthorEmail":{"type":"string"}}}""");
    }

    @Override
    public JsonNode outputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","properties":{"remoteUrl":{"type":"string"},"repoContentsUrl":{"type":"string"},
                 "commitHash":{"type":"string"}}}""");
    }

    @Override
    public String permission() {
        return "scaffolder.action.execute";
    }

    @Override
    public String idempotency() {
        return "Idempotent: a branch that already holds exactly this content counts as pushed; other content is a conflict.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public List<ActionExample> examples() {
        return List.of(new ActionExample("Publish to the company git host", """
                action: publish:git
                input:
                  repoUrl: ${{ parameters.repoUrl }}
                  defaultBranch: main"""));
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) throws Exception {
        String branch = input.path("defaultBranch").asText("main");
        Remote remote = remote(input);
        Path source = Workspace.resolveIn(context.workspace(), input.path("sourcePath").asText("./"));
        if (!Files.isDirectory(source)) {
            throw new InputError("sourcePath " + input.path("sourcePath").asText() + " is not a directory in the workspace");
        }
        if (remote.createIfMissing()) {
            Path bare = Path.of(URI.create(remote.url()).getPath());
            if (!Files.exists(bare)) {
                Files.createDirectories(bare.getParent());
                try (Git ignored = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch(branch).call()) {
                    context.log("Created repository " + remote.url());
                }
            }
        }
        String user = context.user().username();
        PersonIdent author = new PersonIdent(input.path("gitAuthorName").asText(user),
                input.path("gitAuthorEmail").asText(user + "@users.noreply.atrium.dev"));
        String message = input.path("gitCommitMessage").asText("Initial commit");
        GitPusher.Pushed pushed = GitPusher.push(source, remote.url(), branch, message, author, remote.username(), remote.token(),
                config.publish().pushTimeout());
        context.log((pushed.alreadyThere() ? "Branch " + branch + " already holds this content: " : "Pushed " + branch + " to ")
                + remote.url() + " (" + pushed.commitHash() + ")");
        ObjectNode out = JSON.createObjectNode()
                .put("remoteUrl", remote.webUrl() != null ? remote.webUrl() : remote.url())
                .put("repoContentsUrl", remote.url() + "#" + branch)
                .put("commitHash", pushed.commitHash());
        return ActionResult.done(out);
    }

    record Remote(String url, String webUrl, boolean createIfMissing, String username, String token) {
    }

    Remote remote(JsonNode input) {
        if (input.hasNonNull("remoteUrl")) {
            String url = input.get("remoteUrl").asText();
            if (url.startsWith("file:")) {
                Path p = Path.of(URI.create(url).getPath()).normalize();
                boolean allowed = config.publish().fileRemoteRoots().orElse(List.of()).stream().filter(r -> !r.isBlank())
                        .anyMatch(r -> p.startsWith(Path.of(r).toAbsolutePath().normalize()));
                if (!allowed) {
                    throw new NotAllowedError("Remote " + url + " is outside atrium.scaffolder.publish.file-remote-roots");
                }
                return new Remote(p.toUri().toString(), null, false, null, null);
            }
            for (Map.Entry<String, ScaffolderConfig.GitHost> h : config.publish().gitHosts().entrySet()) {
                if (url.startsWith(h.getValue().baseUrl() + "/")) {
                    return new Remote(url, null, false, h.getValue().username().orElse(null), h.getValue().token().orElse(null));
                }
            }
            throw new NotAllowedError("Remote " + url + " is not on a configured git host (atrium.scaffolder.publish.git-hosts)");
        }
        Map<String, Object> repo = TemplateFilters.parseRepoUrl(input.path("repoUrl").asText());
        String host = (String) repo.get("host");
        ScaffolderConfig.GitHost gitHost = config.publish().gitHosts().get(host);
        if (gitHost == null) {
            throw new NotFoundError("No git host " + host + " is configured for publish:git (atrium.scaffolder.publish.git-hosts)");
        }
        String owner = (String) repo.getOrDefault("owner", repo.get("organization"));
        String name = (String) repo.get("repo");
        if (owner == null || !NAME.matcher(owner).matches() || !NAME.matcher(name).matches() || owner.contains("..") || name.contains("..")) {
            throw new InputError("repoUrl needs an owner and a repo made of letters, digits, '.', '_' and '-'");
        }
        String base = gitHost.baseUrl().replaceAll("/+$", "");
        String url = base + "/" + owner + "/" + name + ".git";
        String web = gitHost.webUrl().map(w -> w.replaceAll("/+$", "") + "/" + owner + "/" + name).orElse(null);
        return new Remote(url, web, base.startsWith("file:") && gitHost.createRepositories(),
                gitHost.username().orElse(null), gitHost.token().orElse(null));
    }
}
