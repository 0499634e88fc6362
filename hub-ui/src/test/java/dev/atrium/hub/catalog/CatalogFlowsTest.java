package dev.atrium.hub.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.Fixtures;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entity page, empty states, register-a-location and the search events sent to metrics-service. */
@QuarkusTest
class CatalogFlowsTest {

    @BeforeEach
    void reset() {
        Stubs.reset();
    }

    @Test
    void entityPageShowsMetadataOwnerDomainRelationsGraphLinksAndYaml() {
        DemoStubs.catalog();
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.get("/catalog/component/default/payments-api");

        assertEquals(200, page.status(), page::html);
        assertEquals("Payments API", page.byId("entity-title").text());
        assertEquals("/catalog/group/default/payments-team", page.byId("entity-owner").select("a").attr("href"));
        assertEquals("Payments", page.byId("entity-owner").text(), "owner shown by its title");
        assertEquals("/catalog/system/default/payments", page.byId("entity-system").select("a").attr("href"));
        assertEquals("/catalog/domain/default/commerce", page.byId("entity-domain").select("a").attr("href"), "domain through the system");
        var graph = page.byId("relation-graph");
        assertEquals(6, graph.select("g.node").size(), "the entity, its owner, system, two APIs and its database");
        assertTrue(graph.select("a[href=/catalog/api/default/payments-rest]").size() == 1);
        assertTrue(graph.text().contains("Payments REST API"), "related entities by title");
        assertTrue(page.byId("relations-list").text().contains("consumesApi"));
        assertTrue(page.byId("entity-links").select("a[href=https://git.atrium.example/payments/payments-api]").size() == 1);
        assertTrue(page.byId("entity-yaml").text().contains("kind: Component"));
        assertTrue(page.byId("entity-yaml").text().contains("name: payments-api"));
    }

    @Test
    void unknownEntityIs404AndMalformedRefIs400() {
        DemoStubs.catalog();
        HubSession alice = HubSession.login(TestUser.ALICE);

        var missing = alice.get("/catalog/component/default/nothing-here");
        assertEquals(404, missing.status());
        assertTrue(missing.has("#entity-not-found"));

        var bad = alice.get("/catalog/component/default/..%2F..");
        assertEquals(400, bad.status());
    }

    @Test
    void emptyCatalogAndNoMatchHaveTheirOwnStates() {
        Stubs.get(Stubs.CATALOG + "/entities/by-query", DemoStubs.page(List.of(), 0, null));
        Stubs.get(Stubs.CATALOG + "/entity-facets", Fixtures.JSON.createObjectNode().putObject("facets"));
        HubSession alice = HubSession.login(TestUser.ALICE);

        assertTrue(alice.get("/catalog").has("#catalog-empty"));
        assertTrue(alice.get("/catalog?q=zzz").has("#no-results"));
    }

    @Test
    void badSearchInputIs400WithoutAskingTheCatalog() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        Stubs.server().resetRequests();

        assertEquals(400, alice.get("/catalog?kind=component,spec.type=x").status(), "no filter syntax through a facet");
        assertEquals(400, alice.get("/catalog?q=" + "x".repeat(201)).status());
        assertEquals(400, alice.get("/catalog?cursor=%3Cscript%3E").status());
        assertEquals(400, alice.get("/catalog?start=-1").status());
        assertTrue(Stubs.requests(Stubs.CATALOG + "/.*").isEmpty());
    }

    @Test
    void htmxSearchGetsOnlyTheResultsFragment() {
        DemoStubs.catalog();
        HubSession alice = HubSession.login(TestUser.ALICE);

        var fragment = alice.htmx("/catalog?q=pay");

        assertEquals(200, fragment.status());
        assertTrue(fragment.html().trim().startsWith("<div class=\"split\" id=\"search-body\">"), fragment.html());
        assertTrue(fragment.doc().select("nav[aria-label=Main]").isEmpty());
    }

    @Test
    void searchAndResultClickAreSentToMetricsWithOneSearchId() {
        DemoStubs.catalog();
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.get("/catalog?q=payments&kind=component");
        String href = page.byId("result-1").select("a.result-link").attr("href");
        String sid = href.replaceAll(".*sid=([^&]+).*", "$1");
        alice.get(href);

        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            events.clear();
            events.addAll(sentEvents());
            return events.stream().anyMatch(e -> e.path("type").asText().equals("search.result.clicked")
                    && e.path("attributes").path("searchId").asText().equals(sid));
        });
        JsonNode search = events.stream().filter(e -> e.path("type").asText().equals("search.performed")
                && e.path("attributes").path("searchId").asText().equals(sid)).findFirst().orElseThrow();
        assertEquals("alice", search.path("actor").asText());
        assertEquals("payments-team", search.path("team").asText());
        assertEquals(sid, search.path("attributes").path("searchId").asText());
        assertEquals("payments kind:component", search.path("attributes").path("query").asText());
        JsonNode click = events.stream().filter(e -> e.path("type").asText().equals("search.result.clicked")
                && e.path("attributes").path("searchId").asText().equals(sid)).findFirst().orElseThrow();
        assertEquals(sid, click.path("attributes").path("searchId").asText());
        assertEquals(1, click.path("attributes").path("rank").asInt());
        assertTrue(click.path("attributes").path("entityRef").asText().startsWith("aimodel:") || click.path("attributes").path("entityRef").asText().contains(":default/"));
        assertTrue(events.stream().anyMatch(e -> e.path("type").asText().equals("page.viewed")
                && e.path("attributes").path("path").asText().equals("/catalog")));
    }

    @Test
    void previewShowsWhatWouldBeRegisteredAndStoresNothing() {
        var e = Fixtures.entity("Component", "refunds-api").title("Refunds API").owner("payments-team");
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.CATALOG + "/locations")).withQueryParam("dryRun", equalTo("true"))
                .willReturn(Stubs.json(201, "{\"exists\":false,\"location\":{\"id\":\"url:x\",\"type\":\"url\",\"target\":\"https://git.example.com/r/catalog-info.yaml\"},\"entities\":[" + e.build() + "]}")));
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.post("/catalog/register", Map.of("type", "url", "target", "https://git.example.com/r/catalog-info.yaml", "action", "preview"));

        assertEquals(200, page.status(), page::html);
        assertTrue(page.byId("register-preview").text().contains("Refunds API"));
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(Stubs.CATALOG + "/locations")).withQueryParam("dryRun", equalTo("true"))
                .withRequestBody(equalToJson("{\"type\":\"url\",\"target\":\"https://git.example.com/r/catalog-info.yaml\"}"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
        assertEquals(1, Stubs.requests(Stubs.CATALOG + "/locations").size(), "only the dry run");
    }

    @Test
    void registerSendsTheLocationAndSays201() {
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.CATALOG + "/locations"))
                .willReturn(Stubs.json(201, "{\"location\":{\"id\":\"9\",\"type\":\"url\",\"target\":\"https://git.example.com/r/catalog-info.yaml\"},\"entities\":[]}")));
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.post("/catalog/register", Map.of("type", "url", "target", "https://git.example.com/r/catalog-info.yaml", "action", "register"));

        assertEquals(201, page.status(), page::html);
        assertTrue(page.has("#register-done"));
        assertTrue(page.byId("notice").text().contains("Location registered"));
        assertTrue(!Stubs.requests(Stubs.CATALOG + "/locations").get(0).queryParameter("dryRun").isPresent(), "not a dry run");
    }

    @Test
    void registerBadInputIs400AndNothingIsSent() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        Stubs.server().resetRequests();

        var empty = alice.post("/catalog/register", Map.of("type", "url", "target", "", "action", "register"));
        assertEquals(400, empty.status());
        assertTrue(empty.byId("location-target-error").text().contains("Enter where"));
        assertEquals("true", empty.byId("location-target").attr("aria-invalid"));
        assertEquals(400, alice.post("/catalog/register", Map.of("type", "ftp", "target", "x", "action", "register")).status());
        assertEquals(400, alice.post("/catalog/register", Map.of("type", "url", "target", "javascript:alert(1)", "action", "register")).status());
        assertEquals(400, alice.post("/catalog/register", Map.of("type", "url", "target", "https://x.example/" + "a".repeat(2001))).status());
        assertTrue(Stubs.requests(Stubs.CATALOG + "/.*").isEmpty());
    }

    @Test
    void catalogRefusalIsShownWithItsStatus() {
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.CATALOG + "/locations"))
                .willReturn(Stubs.problem(403, "NotAllowedError", "Entities owned by another team: component:default/orders")));
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.post("/catalog/register", Map.of("type", "file", "target", "/srv/catalog/orders.yaml", "action", "register"));

        assertEquals(403, page.status());
        assertTrue(page.byId("register-problem").text().contains("owned by another team"));
        assertEquals("/srv/catalog/orders.yaml", page.byId("location-target").attr("value"), "what was typed stays");
    }

    @Test
    void pagingLinksCarryTheCursorAndTheSearchId() {
        Stubs.server().stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query"))
                .willReturn(Stubs.ok(Fixtures.queryPage(45, "c2", "c0", DemoStubs.entity("component:default/payments-api")))));
        Stubs.get(Stubs.CATALOG + "/entity-facets", Fixtures.JSON.createObjectNode().putObject("facets"));
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.get("/catalog?q=pay&start=20&sid=0f8fad5b-d9cb-469f-a165-70867728950e");

        assertTrue(page.byId("next-page").attr("href").contains("cursor=c2"));
        assertTrue(page.byId("next-page").attr("href").contains("start=40"));
        assertTrue(page.byId("prev-page").attr("href").contains("start=0"));
        assertTrue(page.byId("result-1").select("a").attr("href").endsWith("sid=0f8fad5b-d9cb-469f-a165-70867728950e&rank=21"));
    }

    static List<JsonNode> sentEvents() {
        List<JsonNode> out = new ArrayList<>();
        for (var r : Stubs.requests(Stubs.METRICS + "/events")) {
            try {
                JsonNode body = Fixtures.JSON.readTree(r.getBodyAsString());
                if (body.isArray()) {
                    body.forEach(out::add);
                } else {
                    out.add(body);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
