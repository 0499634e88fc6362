package dev.atrium.hub.home;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HubPageTest {

    @BeforeEach
    void reset() {
        Stubs.reset();
    }

    @Test
    void showsModelsAndToolchainsWithStatusTierOwnerDocsAndRequestButtons() {
        DemoStubs.all();
        HubSession alice = HubSession.login(TestUser.ALICE, "/");

        var page = alice.get("/");

        assertEquals(200, page.status(), page::html);
        var code = page.byId("model-aimodel-code-llm");
        assertEquals("operational", code.select("[data-status]").attr("data-status"));
        assertEquals("standard", code.select("[data-tier]").attr("data-tier"));
        assertTrue(code.text().contains("ml-platform-team"));
        assertEquals("/access/request?model=aimodel:default/code-llm", code.select("a.request-access").attr("href"));
        assertTrue(code.select("a[href=https://docs.atrium.example/ai/models/code-llm]").size() == 1, "docs link");
        assertTrue(code.select("a:contains(Usage policy)").attr("href").startsWith("https://docs.atrium.example/policies"));
        assertEquals("degraded", page.byId("model-aimodel-chat-assistant").select("[data-status]").attr("data-status"));
        var legacy = page.byId("model-aimodel-chat-assistant-legacy");
        assertEquals("deprecated", legacy.select("[data-status]").attr("data-status"));
        assertTrue(legacy.select("a.request-access").isEmpty(), "no new access to a deprecated model");
        var assist = page.byId("model-toolchain-code-assist");
        assertEquals("standard", assist.select("[data-tier]").attr("data-tier"), "a toolchain takes its strictest model's tier");
        assertEquals("degraded", assist.select("[data-status]").attr("data-status"), "a toolchain is as healthy as its worst model");
        assertEquals(4, page.byId("usage-chart").select("rect.bar").size(), "one bar per team");
        assertEquals(4, page.byId("usage-daily-chart").select("path.series").size(), "one line per team");
        assertEquals(30 * 4, page.byId("usage-daily-chart").select("circle.dot").size(), "a point per team and day");
        assertTrue(page.byId("usage-chart").text().contains("payments-team"));
        assertTrue(page.byId("news-list").text().contains("New AI model: Support ticket summarizer"));
        assertTrue(page.byId("news-list").text().contains("Chat assistant legacy is switched off"), "announcements are merged in");
        assertFalse(page.byId("news-list").text().contains("Payments API"), "only AI model and toolchain changes");
        assertEquals(2, page.byId("keys-table").select("tbody tr").size());
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.ACCESS + "/models/status"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.ACCESS + "/keys"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.CATALOG + "/history"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
    }

    @Test
    void accessServiceDownLeavesModelsWithUnknownStatusAndSectionErrors() {
        DemoStubs.catalog();
        Stubs.down(Stubs.ACCESS);
        HubSession alice = HubSession.login(TestUser.ALICE, "/");

        var page = alice.get("/");

        assertEquals(200, page.status(), "the catalog answered, so the page is up");
        assertTrue(page.has("#status-unavailable"));
        assertEquals("unknown", page.byId("model-aimodel-code-llm").select("[data-status]").attr("data-status"));
        assertTrue(page.has("#usage-unavailable"));
        assertTrue(page.has("#keys-unavailable"));
        assertTrue(page.byId("news-list").text().contains("Support ticket summarizer"), "catalog history still shows");
    }

    @Test
    void catalogDownGivesTheErrorStateNotAServerError() {
        Stubs.down(Stubs.CATALOG);
        DemoStubs.access();
        HubSession alice = HubSession.login(TestUser.ALICE, "/");

        var page = alice.get("/");

        assertEquals(503, page.status());
        assertTrue(page.byId("models-unavailable").text().contains("The catalog is not answering"));
        assertTrue(page.has("#nav-hub[aria-current=page]"));
    }

    @Test
    void emptyCatalogShowsTheEmptyState() {
        Stubs.get(Stubs.CATALOG + "/entities/by-query", DemoStubs.page(java.util.List.of(), 0, null));
        Stubs.get(Stubs.CATALOG + "/history", dev.atrium.hub.support.Fixtures.JSON.createObjectNode().set("items", dev.atrium.hub.support.Fixtures.JSON.createArrayNode()));
        Stubs.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(Stubs.ACCESS + "/.*"))
                .willReturn(Stubs.json(200, "[]")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/");

        var page = alice.get("/");

        assertEquals(200, page.status());
        assertTrue(page.has("#models-empty"));
        assertTrue(page.has("#keys-empty"));
    }
}
