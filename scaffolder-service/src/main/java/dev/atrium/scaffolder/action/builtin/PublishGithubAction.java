package dev.atrium.scaffolder.action.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.scaffolder.action.ActionContext;
import dev.atrium.scaffolder.action.ActionResult;
import dev.atrium.scaffolder.action.ScaffolderAction;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.expression.TemplateFilters;
import dev.atrium.scaffolder.schema.SchemaValidator;
import dev.atrium.scaffolder.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * {@code publish:github}: creates a repository through the GitHub REST API (user or organisation),
 * pushes the workspace over git, then sets topics and branch protection. The API base URL and the
 * token come from configuration ({@code atrium.scaffolder.publish.github.*}); the token is never logged.
 */
@ApplicationScoped
public class PublishGithubAction implements ScaffolderAction {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ScaffolderConfig config;

    private HttpClient http;

    @Override
    public String id() {
        return "publish:github";
    }

    @Override
    public String description() {
        return "Creates a GitHub repository, pushes the workspace to it and protects its default branch.";
    }

    @Override
    public JsonNode inputSchema() {
        return SchemaValidator.parse("""
                {"type":"object","required":["repoUrl"],"properties":{
                  "repoUrl":{"type":"string","minLength":1,"description":"github.com?owner=o&repo=r"},
                  "description":{"type":"string"},"homepage":{"type":"string"},
                  "defaultBranch":{"type":"string","pattern":"^[A-Za-z0-9._/-]{1,100}$"},
                  "repoVisibility":{"type":"string","enum":["private","internal","public"]},
                  "protectDefaultBranch":{"type":"boolean"},
                  "sourcePath":{"type":"string"},
                  "gitCommitMessage":{"type":"string"},"gitAuthorName":{"type":"string"},"gitAuthorEmail":{"type":"string"},
                  "topics":{"type":"array","items":{"type":"string"}},
                  "deleteBranchOnMerge":{"type":"boolean"},"allowMergeCommit":{"type":"boolean"},
                  "allowSquashMerge":{"type":"boolean"},"allowRebaseMerge":{"type":"boolean"},
                  "requiredApprovingReviewCount":{"type":"integer","minimum":0,"maximum":6},
                  "token":{"type":"string","description":"Overrides the configured token"}}}""");
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
        return "Not idempotent: a second run finds the repository already exists and fails.";
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public ActionResult execute(ActionContext context, JsonNode input) throws Exception {
        ScaffolderConfig.Github gh = config.publish().github();
        Map<String, Object> repo = TemplateFilters.parseRepoUrl(input.path("repoUrl").asText());
        if (!gh.host().equalsIgnoreCase((String) repo.get("host"))) {
            throw new NotAllowedError("publish:github publishes to " + gh.host() + ", not " + repo.get("host"));
        }
        String owner = (String) repo.get("owner");
        String name = (String) repo.get("repo");
        if (owner == null) {
            throw new InputError("repoUrl needs an owner for GitHub");
        }
        String token = input.hasNonNull("token") ? input.get("token").asText() : gh.token().orElse(null);
        if (token == null || token.isBlank()) {
            throw new NotAllowedError("No GitHub token configured (atrium.scaffolder.publish.github.token)");
        }
        String api = gh.apiUrl().replaceAll("/+$", "");
        String branch = input.path("defaultBranch").asText("master");
        String visibility = input.path("repoVisibility").asText("private");

        JsonNode ownerInfo = call("GET", api + "/users/" + owner, null, token, 200);
        boolean organization = "Organization".equals(ownerInfo.path("type").asText());
        ObjectNode create = JSON.createObjectNode().put("name", name).put("private", !"public".equals(visibility))
                .put("description", input.path("description").asText(""))
                .put("delete_branch_on_merge", input.path("deleteBranchOnMerge").asBoolean(false))
                .put("allow_merge_commit", input.path("allowMergeCommit").asBoolean(true))
                .put("allow_squash_merge", input.path("allowSquashMerge").asBoolean(true))
                .put("allow_rebase_merge", input.path("allowRebaseMerge").asBoolean(true));
        if (organization) {
            create.put("visibility", visibility);
        }
        if (input.hasNonNull("homepage")) {
            create.put("homepage", input.get("homepage").asText());
        }
        JsonNode created = call("POST", api + (organization ? "/orgs/" + owner + "/repos" : "/user/repos"), create, token, 201);
        String cloneUrl = created.path("clone_url").asText();
        String htmlUrl = created.path("html_url").asText();
        context.log("Created GitHub repository " + htmlUrl);

        Path source = Workspace.resolveIn(context.workspace(), input.path("sourcePath").asText("./"));
        String user = context.user().username();
        PersonIdent author = new PersonIdent(input.path("gitAuthorName").asText(user),
                input.path("gitAuthorEmail").asText(user + "@users.noreply.atrium.dev"));
        GitPusher.Pushed pushed = GitPusher.push(source, cloneUrl, branch, input.path("gitCommitMessage").asText("initial commit"),
                author, "x-access-token", token, config.publish().pushTimeout());
        context.log("Pushed " + branch + " (" + pushed.commitHash() + ")");

        if (input.path("topics").isArray() && !input.path("topics").isEmpty()) {
            ObjectNode topics = JSON.createObjectNode();
            topics.set("names", input.get("topics"));
            call("PUT", api + "/repos/" + owner + "/" + name + "/topics", topics, token, 200);
        }
        if (input.path("protectDefaultBranch").asBoolean(true)) {
            ObjectNode protection = JSON.createObjectNode();
            protection.putNull("required_status_checks");
            protection.put("enforce_admins", false);
            protection.putObject("required_pull_request_reviews")
                    .put("required_approving_review_count", input.path("requiredApprovingReviewCount").asInt(1));
            protection.putNull("restrictions");
            call("PUT", api + "/repos/" + owner + "/" + name + "/branches/" + branch + "/protection", protection, token, 200);
            context.log("Protected branch " + branch);
        }
        return ActionResult.done(JSON.createObjectNode().put("remoteUrl", cloneUrl)
                .put("repoContentsUrl", htmlUrl + "/blob/" + branch).put("commitHash", pushed.commitHash()));
    }

    private JsonNode call(String method, String url, JsonNode body, String token, int expected) throws InterruptedException {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(config.publish().github().timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(config.publish().github().timeout())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == expected || (expected == 200 && resp.statusCode() / 100 == 2)) {
                return resp.body() == null || resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
            }
            String message = message(resp.body());
            if (resp.statusCode() == 422 && message.toLowerCase().contains("already exists")) {
                throw new ConflictError("GitHub repository already exists: " + message);
            }
            if (resp.statusCode() == 401 || resp.statusCode() == 403) {
                throw new NotAllowedError("GitHub refused " + method + " " + URI.create(url).getPath() + ": " + message);
            }
            if (resp.statusCode() == 404) {
                throw new InputError("GitHub: " + URI.create(url).getPath() + " not found: " + message);
            }
            throw new ServiceUnavailableError("GitHub answered " + resp.statusCode() + " to " + method + " " + URI.create(url).getPath()
                    + ": " + message);
        } catch (IOException e) {
            throw new ServiceUnavailableError("GitHub API unavailable: " + e.getClass().getSimpleName());
        }
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            StringBuilder m = new StringBuilder(n.path("message").asText(""));
            n.path("errors").forEach(e -> m.append("; ").append(e.path("message").asText(e.toString())));
            return m.toString();
        } catch (Exception e) {
            return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        }
    }
}
