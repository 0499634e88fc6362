package dev.atrium.scaffolder.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atrium.scaffolder.support.LogCapture;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/**
 * publish:github against a stub server that answers with recorded GitHub REST API responses
 * (fixtures/github): the requests follow GitHub's contract (paths, headers, bodies), the workspace
 * is pushed with git to the clone URL GitHub returned, GitHub's errors become clear step failures,
 * and the configured token never appears in a log line, an event or an answer.
 */
@QuarkusTest
class PublishGithubContractTest extends ScaffolderTestSupport {
    static final String TOKEN = "ghp_testtoken_never_logged";
    static final String API_PATH = "/auth/github-api";
    static final Path GITHUB_GIT = Path.of("target/git-remotes/github").toAbsolutePath();

    @Test
    void createsAnOrganizationRepositoryPushesProtectsAndNeverLogsTheToken() throws Exception {
        String owner = "acme";
        String repo = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        Path bare = bareRepository(owner, repo);
        stubOwner(owner, "get-organization.json");
        wiremock.stubFor(post(urlPathEqualTo(API_PATH + "/orgs/" + owner + "/repos")).willReturn(recorded(201, "create-repository.json", owner, repo, bare)));
        wiremock.stubFor(put(urlPathEqualTo(API_PATH + "/repos/" + owner + "/" + repo + "/topics")).willReturn(recorded(200, "replace-topics.json", owner, repo, bare)));
        wiremock.stubFor(put(urlPathEqualTo(API_PATH + "/repos/" + owner + "/" + repo + "/branches/main/protection"))
                .willReturn(recorded(200, "update-branch-protection.json", owner, repo, bare)));

        JsonPath task;
        List<String> logs;
        try (LogCapture capture = LogCapture.start()) {
            String id = scaffold(alice(), stub(template()), Map.of("repoUrl", "github.com?owner=" + owner + "&repo=" + repo));
            task = awaitTask(alice(), id);
            String events = as(alice()).get(API + "/tasks/" + id + "/events").asString();
            assertTrue(events.contains("Created GitHub repository https://github.com/" + owner + "/" + repo), events);
            assertTrue(!events.contains(TOKEN) && !task.prettify().contains(TOKEN), "the token is in an event or the task");
            assertEquals(0, count("SELECT count(*) FROM task_events WHERE task_id = ?::uuid AND body::text LIKE '%' || ? || '%'", id, TOKEN));
            assertEquals(0, count("SELECT count(*) FROM task_steps WHERE task_id = ?::uuid AND output::text LIKE '%' || ? || '%'", id, TOKEN));
            logs = capture.lines();
        }
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals(List.of(), logs.stream().filter(l -> l.contains(TOKEN)).toList(), "log lines with the GitHub token");

        // the contract: GitHub's paths, media type, API version and bearer token on every call
        for (LoggedRequest r : wiremock.findAll(anyRequestedFor(urlPathMatching(API_PATH + "/.*(" + owner + "|" + repo + ").*")))) {
            assertEquals("application/vnd.github+json", r.getHeader("Accept"), r.getUrl());
            assertEquals("2022-11-28", r.getHeader("X-GitHub-Api-Version"), r.getUrl());
            assertEquals("Bearer " + TOKEN, r.getHeader("Authorization"), r.getUrl());
        }
        wiremock.verify(getRequestedFor(urlPathEqualTo(API_PATH + "/users/" + owner)));
        wiremock.verify(postRequestedFor(urlPathEqualTo(API_PATH + "/orgs/" + owner + "/repos"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"name\":\"" + repo + "\",\"private\":true,\"visibility\":\"private\","
                        + "\"description\":\"This is " + repo + "\",\"delete_branch_on_merge\":true,\"allow_merge_commit\":false,"
                        + "\"allow_squash_merge\":true,\"allow_rebase_merge\":true}")));
        wiremock.verify(putRequestedFor(urlPathEqualTo(API_PATH + "/repos/" + owner + "/" + repo + "/topics"))
                .withRequestBody(equalToJson("{\"names\":[\"atrium\",\"golden-path\"]}")));
        wiremock.verify(putRequestedFor(urlPathEqualTo(API_PATH + "/repos/" + owner + "/" + repo + "/branches/main/protection"))
                .withRequestBody(equalToJson("{\"required_status_checks\":null,\"enforce_admins\":false,"
                        + "\"required_pull_request_reviews\":{\"required_approving_review_count\":2},\"restrictions\":null}")));

        // a real push to the clone URL GitHub answered with
        try (Repository r = Git.open(bare.toFile()).getRepository()) {
            ObjectId head = r.resolve("refs/heads/main");
            assertEquals(head.getName(), task.getString("output.links[1].title"));
        }
        assertEquals(bare.toUri().toString(), task.getString("output.links[0].url"));
        assertEquals("https://github.com/" + owner + "/" + repo + "/blob/main", text(
                "SELECT output->>'repoContentsUrl' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'publish'", task.getString("id")));
    }

    @Test
    void aUserOwnedRepositoryIsCreatedThroughUserRepos() throws Exception {
        String owner = "octo-" + UUID.randomUUID().toString().substring(0, 8);
        String repo = "tools";
        Path bare = bareRepository(owner, repo);
        stubOwner(owner, "get-user.json");
        wiremock.stubFor(post(urlPathEqualTo(API_PATH + "/user/repos")).withRequestBody(equalToJson("{\"name\":\"tools\"}", true, true))
                .willReturn(recorded(201, "create-repository.json", owner, repo, bare)));
        wiremock.stubFor(put(urlPathMatching(API_PATH + "/repos/" + owner + "/tools/.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
        String id = scaffold(alice(), stub(template()), Map.of("repoUrl", "github.com?owner=" + owner + "&repo=" + repo));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        LoggedRequest create = wiremock.findAll(postRequestedFor(urlPathEqualTo(API_PATH + "/user/repos"))
                .withRequestBody(equalToJson("{\"name\":\"tools\"}", true, true))).get(0);
        assertNull(JSON.readTree(create.getBodyAsString()).get("visibility"), "visibility is an organisation setting");
    }

    @Test
    void anExistingRepositoryIsAConflictAndNothingIsPushed() throws Exception {
        String owner = "acme";
        String repo = "taken-" + UUID.randomUUID().toString().substring(0, 8);
        Path bare = bareRepository(owner, repo);
        stubOwner(owner, "get-organization.json");
        wiremock.stubFor(post(urlPathEqualTo(API_PATH + "/orgs/" + owner + "/repos")).withRequestBody(equalToJson("{\"name\":\"" + repo + "\"}", true, true))
                .willReturn(recorded(422, "error-name-exists.json", owner, repo, bare)));
        JsonPath task = awaitTask(alice(), scaffold(alice(), stub(template()), Map.of("repoUrl", "github.com?owner=" + owner + "&repo=" + repo)));
        assertEquals("failed", task.getString("status"));
        assertEquals("Step publish failed: GitHub repository already exists: Repository creation failed.; name already exists on this account",
                task.getString("error"));
        try (Repository r = Git.open(bare.toFile()).getRepository()) {
            assertNull(r.resolve("refs/heads/main"), "nothing pushed");
        }
    }

    @Test
    void badCredentialsAreAClearFailureWithoutTheToken() throws Exception {
        String owner = "revoked-" + UUID.randomUUID().toString().substring(0, 8);
        wiremock.stubFor(get(urlPathEqualTo(API_PATH + "/users/" + owner)).willReturn(recorded(401, "error-bad-credentials.json", owner, "x", GITHUB_GIT)));
        JsonPath task = awaitTask(alice(), scaffold(alice(), stub(template()), Map.of("repoUrl", "github.com?owner=" + owner + "&repo=x")));
        assertEquals("failed", task.getString("status"));
        assertEquals("Step publish failed: GitHub refused GET /auth/github-api/users/" + owner + ": Bad credentials", task.getString("error"));
        assertTrue(!task.prettify().contains(TOKEN));
    }

    @Test
    void aCloneUrlOnAnotherHostIsRefusedBeforeTheTokenIsSent() throws Exception {
        String owner = "acme";
        String repo = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
        stubOwner(owner, "get-organization.json");
        wiremock.stubFor(post(urlPathEqualTo(API_PATH + "/orgs/" + owner + "/repos")).withRequestBody(equalToJson("{\"name\":\"" + repo + "\"}", true, true))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(
                        fixture("create-repository.json", owner, repo, "https://git.evil.example/" + owner + "/" + repo + ".git"))));
        JsonPath task = awaitTask(alice(), scaffold(alice(), stub(template()), Map.of("repoUrl", "github.com?owner=" + owner + "&repo=" + repo)));
        assertEquals("failed", task.getString("status"));
        assertTrue(task.getString("error").contains("clone URL https://git.evil.example, which is not on github.com; the token is not sent there"),
                task.getString("error"));
        wiremock.verify(0, putRequestedFor(urlPathMatching(API_PATH + "/repos/" + owner + "/" + repo + "/.*")));
    }

    @Test
    void aHostOutsideTheStepsAllowedHostsIsRefusedBeforeAnyCall() {
        String owner = "blocked-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = stub(TemplateBuilder.v1beta3("github-allowed")
                .parameters(Map.of("repoUrl", Map.of("type", "string")), "repoUrl")
                .step("publish", "publish:github", Map.of("repoUrl", "${{ parameters.repoUrl }}", "allowedHosts", List.of("github.example.com"))));
        JsonPath task = awaitTask(alice(), scaffold(alice(), ref, Map.of("repoUrl", "github.com?owner=" + owner + "&repo=x")));
        assertEquals("failed", task.getString("status"));
        assertTrue(task.getString("error").contains("is not in the step's allowedHosts"), task.getString("error"));
        wiremock.verify(0, anyRequestedFor(urlPathMatching(API_PATH + "/.*" + owner + ".*")));
    }

    /** The public templates' shape: fetch a skeleton, publish it to GitHub; output the remote and the commit. */
    private static TemplateBuilder template() {
        return TemplateBuilder.v1beta3("github")
                .parameters(Map.of("repoUrl", Map.of("type", "string", "ui:field", "RepoUrlPicker",
                        "ui:options", Map.of("allowedHosts", List.of("github.com")))), "repoUrl")
                .step("fetch", "fetch:template", Map.of("url", "bundled:hello-world",
                        "values", Map.of("name", "${{ parameters.repoUrl | parseRepoUrl | pick('repo') }}", "owner", "payments-team")))
                .step("publish", "publish:github", Map.of("allowedHosts", List.of("github.com"),
                        "repoUrl", "${{ parameters.repoUrl }}",
                        "description", "This is ${{ parameters.repoUrl | parseRepoUrl | pick('repo') }}",
                        "defaultBranch", "main", "deleteBranchOnMerge", true, "allowMergeCommit", false,
                        "topics", List.of("atrium", "golden-path"), "requiredApprovingReviewCount", 2))
                .output(Map.of("links", List.of(
                        Map.of("title", "Repository", "url", "${{ steps.publish.output.remoteUrl }}"),
                        Map.of("title", "${{ steps.publish.output.commitHash }}", "url", "https://github.com"))));
    }

    private void stubOwner(String owner, String fixture) {
        wiremock.stubFor(get(urlPathEqualTo(API_PATH + "/users/" + owner)).willReturn(recorded(200, fixture, owner, "", GITHUB_GIT)));
    }

    /** The bare repository GitHub would create: an empty one the push lands in. */
    private static Path bareRepository(String owner, String repo) throws Exception {
        Path bare = GITHUB_GIT.resolve(owner).resolve(repo + ".git");
        Files.createDirectories(bare.getParent());
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        return bare;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder recorded(int status, String fixture, String owner,
            String repo, Path bare) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
                .withBody(fixture(fixture, owner, repo, bare.toUri().toString()));
    }

    private static String fixture(String name, String owner, String repo, String cloneUrl) {
        try {
            return Files.readString(FIXTURES.resolve("github").resolve(name))
                    .replace("__CLONE_URL__", cloneUrl).replace("__OWNER__", owner).replace("__REPO__", repo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
