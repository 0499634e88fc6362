package dev.atrium.hub.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.Fixtures;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogPagesTest {

    @BeforeEach
    void reset() {
        Stubs.reset();
    }

    @Test
    void searchShowsResultsAndFacetsFromTheCatalogCalledWithTheUsersToken() {
        var payments = Fixtures.entity("Component", "payments-api").title("Payments API").description("Takes payments")
                .owner("payments-team").spec("type", "service").spec("lifecycle", "production").tags("java");
        Stubs.get(Stubs.CATALOG + "/entities/by-query", Fixtures.queryPage(1, "next-cursor", null, payments.build()));
        Stubs.get(Stubs.CATALOG + "/entity-facets", Fixtures.JSON.createObjectNode().set("facets", Fixtures.JSON.createObjectNode()
                .set("kind", Fixtures.JSON.createArrayNode().add(Fixtures.JSON.createObjectNode().put("value", "component").put("count", 1)))));
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.get("/catalog?q=pay&kind=component");

        assertEquals(200, page.status(), page::html);
        assertEquals("Payments API", page.byId("result-1").select("a.result-link").text());
        assertTrue(page.byId("result-1").select("a.result-link").attr("href").startsWith("/catalog/component/default/payments-api?sid="));
        assertTrue(page.byId("facet-kind-component").hasAttr("checked"));
        assertEquals("/catalog?q=pay&kind=component&cursor=next-cursor", page.byId("next-page").attr("href").replaceAll("&sid=[^&]+", "").replace("&start=20", ""));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken()))
                .withQueryParam("fullTextFilterTerm", equalTo("pay"))
                .withQueryParam("filter", equalTo("kind=component")));
        assertFalse(page.html().contains(TestUser.ALICE.accessToken()), "the access token never reaches the page");
    }

    @Test
    void searchShowsItsErrorStateWhenTheCatalogIsDown() {
        Stubs.down(Stubs.CATALOG);
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.get("/catalog?q=pay");

        assertEquals(503, page.status());
        assertTrue(page.byId("results-unavailable").text().contains("The catalog is not answering"));
        assertTrue(page.has("#nav-catalog[aria-current=page]"), "the layout and navigation still render");
    }

    @Test
    void entityDescriptionWithScriptIsEscaped() {
        var evil = Fixtures.entity("Component", "evil").description("<script>alert('x')</script>")
                .link("javascript:alert(1)", "Click me").owner("payments-team");
        Stubs.server().stubFor(get(urlPathEqualTo(Stubs.CATALOG + "/entities/by-name/component/default/evil")).willReturn(Stubs.ok(evil.build())));
        HubSession alice = HubSession.login(TestUser.ALICE);

        var page = alice.get("/catalog/component/default/evil");

        assertEquals(200, page.status(), page::html);
        assertFalse(page.html().contains("<script>alert"), "no script from the catalog runs");
        assertTrue(page.html().contains("&lt;script&gt;alert"));
        assertEquals("<script>alert('x')</script>", page.byId("entity-description").text());
        assertTrue(page.doc().select("a[href^=javascript]").isEmpty(), "a javascript: link never becomes a link");
    }
}
