package dev.atrium.metrics.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.metrics.support.MetricsTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** GitHub and GitLab webhooks with real payload shapes: signatures, mapping to events, idempotent redelivery. */
@QuarkusTest
class WebhookTest extends MetricsTestSupport {
    private static final String GITHUB = "/api/metrics/v1/webhooks/github";
    private static final String GITLAB = "/api/metrics/v1/webhooks/gitlab";
    private static final String SECRET = "test-github-secret";
    private static final String TOKEN = "test-gitlab-token";
    private static final Instant MERGED = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    static String fixture(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/fixtures", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String body) {
        return "sha256=" + HexFormat.of().formatHex(WebhookSignatures.githubSignature(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    static ValidatableResponse github(String event, String body, String signature) {
        var req = given().contentType("application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString());
        if (signature != null) {
            req = req.header("X-Hub-Signature-256", signature);
        }
        return req.body(body.getBytes(StandardCharsets.UTF_8)).post(GITHUB).then();
    }

    private static String pullRequest(String repo, long number) {
        return fixture("github/pull_request.closed.merged.json")
                .replace("atrium-demo/payments-api", repo)
                .replace("\"number\": 1347", "\"number\": " + number)
                .replace("__CREATED_AT__", MERGED.minus(1, ChronoUnit.DAYS).toString())
                .replace("__MERGED_AT__", MERGED.toString());
    }

    @Test
    void mergedPullRequestBecomesPrMergedOnceEvenWhenRedelivered() {
        String repo = unique("org/repo");
        String body = pullRequest(repo, 1347);
        github("pull_request", body, sign(body)).statusCode(202).body("accepted", equalTo(1));
        github("pull_request", body, sign(body)).statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        String id = "github:pr:" + repo + "#1347";
        assertEquals(1, count("SELECT count(*) FROM events WHERE id = ? AND type = 'pr.merged' AND actor = 'newbie-gh'"
                + " AND attributes->>'author' = 'newbie-gh' AND attributes->>'mergedAt' = ?", id, MERGED.toString()));
        assertEquals(1, count("SELECT count(*) FROM merges WHERE repository = ? AND author = 'newbie-gh'", repo.toLowerCase()));
    }

    @Test
    void badMissingOrForgedSignatureIs401AndStoresNothing() {
        String repo = unique("org/repo");
        String body = pullRequest(repo, 7);
        github("pull_request", body, null).statusCode(401).body("error.name", equalTo("AuthenticationError"));
        github("pull_request", body, "sha256=" + "0".repeat(64)).statusCode(401);
        github("pull_request", body, "sha256=not-hex").statusCode(401);
        github("pull_request", body, "sha1=" + "0".repeat(40)).statusCode(401);
        // Signed for another body: the signature covers the raw bytes.
        github("pull_request", body.replace("newbie-gh", "mallory"), sign(body)).statusCode(401);
        String other = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.githubSignature("wrong-secret",
                body.getBytes(StandardCharsets.UTF_8)));
        github("pull_request", body, other).statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM events WHERE id LIKE ?", "github:pr:" + repo + "%"));
    }

    @Test
    void validSignatureOverInvalidJsonIs400() {
        String body = "{\"action\": \"closed\", ";
        github("pull_request", body, sign(body)).statusCode(400).body("error.name", equalTo("InputError"));
        String array = "[1,2]";
        github("pull_request", array, sign(array)).statusCode(400);
    }

    @Test
    void mergedPullRequestWithoutMergeTimeIs400() {
        String repo = unique("org/repo");
        String body = pullRequest(repo, 9).replace("\"merged_at\": \"" + MERGED + "\"", "\"merged_at\": null");
        github("pull_request", body, sign(body)).statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("time"));
        assertEquals(0, count("SELECT count(*) FROM events WHERE id LIKE ?", "github:pr:" + repo + "%"));
    }

    @Test
    void unmergedPullRequestsAndOtherEventsAreAcknowledgedAndIgnored() {
        String repo = unique("org/repo");
        String closed = pullRequest(repo, 11).replace("\"merged\": true", "\"merged\": false");
        github("pull_request", closed, sign(closed)).statusCode(202).body("accepted", equalTo(0));
        String ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}";
        github("ping", ping, sign(ping)).statusCode(202).body("accepted", equalTo(0));
        assertEquals(0, count("SELECT count(*) FROM events WHERE id LIKE ?", "github:pr:" + repo + "%"));
    }

    @Test
    void deploymentAndItsStatusBecomeDeploymentEvents() {
        String repo = unique("org/svc");
        long id = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L);
        Instant at = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String created = fixture("github/deployment.created.json").replace("atrium-demo/payments-api", repo)
                .replace("1210934125", Long.toString(id)).replace("__DEPLOYED_AT__", at.toString());
        github("deployment", created, sign(created)).statusCode(202).body("accepted", equalTo(1));
        String pending = fixture("github/deployment_status.success.json").replace("atrium-demo/payments-api", repo)
                .replace("1210934125", Long.toString(id)).replace("2541978364", Long.toString(id + 1))
                .replace("__DEPLOYED_AT__", at.toString()).replace("__STATE__", "in_progress");
        github("deployment_status", pending, sign(pending)).statusCode(202).body("accepted", equalTo(0));
        String success = fixture("github/deployment_status.success.json").replace("atrium-demo/payments-api", repo)
                .replace("1210934125", Long.toString(id)).replace("2541978364", Long.toString(id + 2))
                .replace("__DEPLOYED_AT__", at.plusSeconds(300).toString()).replace("__STATE__", "success");
        github("deployment_status", success, sign(success)).statusCode(202).body("accepted", equalTo(1));
        String service = repo.substring(repo.indexOf('/') + 1).toLowerCase();
        assertEquals(1, count("SELECT count(*) FROM events WHERE id = ? AND type = 'deployment.created'", "github:deployment:" + id));
        assertEquals(1, count("SELECT count(*) FROM deployments WHERE deployment_id = ? AND service = ? AND status = 'success'"
                + " AND environment = 'production' AND repository = ?", "github:" + id, service, repo.toLowerCase()));
    }

    @Test
    void gitlabMergeRequestAndDeploymentHooks() {
        String repo = unique("group/ledger");
        String mr = fixture("gitlab/merge_request.merge.json").replace("payments/ledger", repo)
                .replace("\"iid\": 212", "\"iid\": 213")
                .replace("__CREATED_AT__", "2026-01-01 10:00:00 UTC".replace("2026-01-01", MERGED.minus(3, ChronoUnit.DAYS).toString().substring(0, 10)))
                .replace("__MERGED_AT__", MERGED.toString().substring(0, 10) + " 12:30:00 +0200")
                .replace("__AUTHOR_EMAIL__", "newbie@atrium.example");
        given().contentType("application/json").header("X-Gitlab-Event", "Merge Request Hook").header("X-Gitlab-Token", TOKEN)
                .body(mr).post(GITLAB).then().statusCode(202).body("accepted", equalTo(1));
        Instant expected = java.time.ZonedDateTime.parse(MERGED.toString().substring(0, 10) + "T12:30:00+02:00").toInstant();
        assertEquals(1, count("SELECT count(*) FROM merges WHERE repository = ? AND author = 'newbie@atrium.example' AND merged_at = ?",
                repo.toLowerCase(), java.sql.Timestamp.from(expected)));

        String dep = fixture("gitlab/deployment.success.json").replace("payments/ledger", repo)
                .replace("\"deployment_id\": 15", "\"deployment_id\": 16")
                .replace("__STATUS__", "success").replace("__CHANGED_AT__", MERGED.toString().substring(0, 10) + " 18:00:00 +0000");
        given().contentType("application/json").header("X-Gitlab-Event", "Deployment Hook").header("X-Gitlab-Token", TOKEN)
                .body(dep).post(GITLAB).then().statusCode(202).body("accepted", equalTo(1));
        String running = dep.replace("\"status\": \"success\"", "\"status\": \"running\"");
        given().contentType("application/json").header("X-Gitlab-Token", TOKEN).body(running).post(GITLAB).then()
                .statusCode(202).body("accepted", equalTo(0));
        assertEquals(1, count("SELECT count(*) FROM deployments WHERE repository = ? AND status = 'success' AND deployment_id = 'gitlab:16'",
                repo.toLowerCase()));
    }

    @Test
    void gitlabWithoutOrWithWrongTokenIs401AndStoresNothing() {
        String repo = unique("group/ledger");
        String mr = fixture("gitlab/merge_request.merge.json").replace("payments/ledger", repo)
                .replace("__CREATED_AT__", "2026-01-01 10:00:00 UTC").replace("__MERGED_AT__", MERGED.toString())
                .replace("__AUTHOR_EMAIL__", "x@atrium.example");
        given().contentType("application/json").body(mr).post(GITLAB).then().statusCode(401).body("error.name", equalTo("AuthenticationError"));
        given().contentType("application/json").header("X-Gitlab-Token", TOKEN + "x").body(mr).post(GITLAB).then().statusCode(401);
        given().contentType("application/json").header("X-Gitlab-Token", "").body(mr).post(GITLAB).then().statusCode(401);
        assertEquals(0, count("SELECT count(*) FROM events WHERE id LIKE ?", "gitlab:mr:" + repo + "%"));
    }

    @Test
    void gitlabInvalidJsonWithTheRightTokenIs400() {
        given().contentType("application/json").header("X-Gitlab-Token", TOKEN).body("not json").post(GITLAB).then().statusCode(400);
    }
}
