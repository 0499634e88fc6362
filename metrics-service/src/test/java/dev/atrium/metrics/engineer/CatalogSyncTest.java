package dev.atrium.metrics.engineer;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.atrium.metrics.support.MetricsTestSupport;
import dev.atrium.metrics.support.StubServers;
import dev.atrium.metrics.webhook.WebhookSignatures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engineers and services come from the catalog's REST API (a WireMock stand-in), read with a client-credentials token. */
@QuarkusTest
class CatalogSyncTest extends MetricsTestSupport {
    private static final String QUERY = "/api/catalog/entities/by-query";

    @Inject
    CatalogSync sync;

    private final List<StubMapping> stubs = new ArrayList<>();

    private static String user(String name, String team, String startDate, String login) {
        String ann = startDate == null ? "{}" : "{\"atrium.dev/start-date\":\"" + startDate + "\""
                + (login == null ? "" : ",\"github.com/user-login\":\"" + login + "\"") + "}";
        return """
                {"apiVersion":"backstage.io/v1alpha1","kind":"User","metadata":{"name":"%s","annotations":%s},
                 "spec":{"profile":{"email":"%s@atrium.example"},"memberOf":["group:default/%s"]}}"""
                .formatted(name, ann, name, team);
    }

    private void page(WireMockServer wm, String filter, String cursor, String next, String... items) {
        var mapping = get(urlPathEqualTo(QUERY))
                .withHeader("Authorization", matching("Bearer .+"));
        mapping = cursor == null ? mapping.withQueryParam("filter", equalTo(filter)).withQueryParam("cursor", absent())
                : mapping.withQueryParam("cursor", equalTo(cursor));
        String body = "{\"items\":[" + String.join(",", items) + "],\"totalItems\":0,\"pageInfo\":{"
                + (next == null ? "" : "\"nextCursor\":\"" + next + "\"") + "}}";
        stubs.add(wm.stubFor(mapping.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body))));
    }

    private void clear(WireMockServer wm) {
        stubs.forEach(wm::removeStub);
        stubs.clear();
    }

    @Test
    void readsUsersWithStartDatesAndComponentsPageByPage() throws Exception {
        WireMockServer wm = StubServers.server();
        String p = unique("sync");
        String team = unique("team");
        String repo = "org/" + unique("repo");
        page(wm, "kind=user", null, "c2", user(p + "-a", team, "2026-06-01", p + "-gh"), user(p + "-b", team, null, null));
        page(wm, null, "c2", null, user(p + "-c", team, "soon", null));
        String component = """
                {"kind":"Component","metadata":{"name":"%s-svc","namespace":"default",
                 "annotations":{"github.com/project-slug":"%s"}},"spec":{"owner":"group:default/%s"}}""".formatted(p, repo, team);
        page(wm, "kind=component", null, null, component);
        try {
            CatalogSync.Result r = sync.run();
            assertEquals(3, r.users());
            assertEquals(1, r.usersWithStartDate());
            assertEquals(1, r.components());
            assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND start_date = ? AND team = ? AND scm_login = ?"
                    + " AND email = ? AND source = 'catalog' AND active", p + "-a", Date.valueOf(LocalDate.parse("2026-06-01")), team,
                    p + "-gh", p + "-a@atrium.example"));
            assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND start_date IS NULL AND active", p + "-b"));
            assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND start_date IS NULL", p + "-c"));
            assertEquals(1, count("SELECT count(*) FROM services WHERE component_ref = ? AND owner_team = ? AND repository_slug = ?",
                    "component:default/" + p + "-svc", "group:default/" + team, repo));
            wm.verify(getRequestedFor(urlPathEqualTo(QUERY)).withHeader("Authorization", matching("Bearer .+")));

            // A deployment webhook for that repository is attributed to the component and its owner.
            long id = System.nanoTime() % 1_000_000_000L;
            String payload = Files.readString(Path.of("src/test/resources/fixtures/github/deployment_status.success.json"))
                    .replace("atrium-demo/payments-api", repo).replace("1210934125", Long.toString(id))
                    .replace("2541978364", Long.toString(id + 1)).replace("__STATE__", "success")
                    .replace("__DEPLOYED_AT__", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
            String sig = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.githubSignature("test-github-secret",
                    payload.getBytes(StandardCharsets.UTF_8)));
            given().header("X-GitHub-Event", "deployment_status").header("X-Hub-Signature-256", sig).contentType("application/json")
                    .body(payload.getBytes(StandardCharsets.UTF_8)).post("/api/metrics/v1/webhooks/github").then().statusCode(202);
            assertEquals(1, count("SELECT count(*) FROM deployments WHERE deployment_id = ? AND service = ? AND team = ?",
                    "github:" + id, p + "-svc", team));

            // The next read no longer has user b: b stops counting as an engineer.
            clear(wm);
            page(wm, "kind=user", null, null, user(p + "-a", team, "2026-06-01", p + "-gh"), user(p + "-c", team, "2026-07-01", null));
            page(wm, "kind=component", null, null, component);
            sync.run();
            assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND NOT active", p + "-b"));
            assertEquals(1, count("SELECT count(*) FROM engineers WHERE username = ? AND start_date = ?", p + "-c",
                    Date.valueOf(LocalDate.parse("2026-07-01"))));
        } finally {
            clear(wm);
        }
    }

    @Test
    void aCatalogThatAnswersWithAnErrorLeavesTheCopyAlone() {
        WireMockServer wm = StubServers.server();
        stubs.add(wm.stubFor(get(urlPathEqualTo(QUERY)).willReturn(aResponse().withStatus(503))));
        long before = count("SELECT count(*) FROM engineers WHERE active");
        try {
            assertThrows(RuntimeException.class, () -> sync.run());
            assertEquals(before, count("SELECT count(*) FROM engineers WHERE active"));
        } finally {
            clear(wm);
        }
    }
}
