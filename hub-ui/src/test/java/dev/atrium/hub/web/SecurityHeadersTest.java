package dev.atrium.hub.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every response carries the CSP and the other security headers; pages are not cached; assets are served. */
@QuarkusTest
class SecurityHeadersTest {

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.catalog();
    }

    @Test
    void pagesHaveAStrictContentSecurityPolicyAndNoStore() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        Response r = alice.raw().get("/catalog");

        String csp = r.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'"), csp);
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.matches(".*form-action 'self' http://localhost:\\d+.*"), "forms may go to the hub and the IdP: " + csp);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertEquals("same-origin", r.header("Referrer-Policy"));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void pagesUseNoInlineScriptOrStyle() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        var page = alice.get("/catalog/component/default/payments-api");

        assertEquals(200, page.status());
        page.doc().select("script").forEach(s -> assertTrue(s.hasAttr("src") && s.data().isBlank(), "inline script: " + s));
        assertTrue(page.doc().select("style").isEmpty(), "no inline style element");
        assertTrue(page.doc().select("[style]").isEmpty(), "no style attribute");
        assertTrue(page.doc().select("[onclick],[onload],[onchange],[onsubmit]").isEmpty(), "no inline handlers");
    }

    @Test
    void htmxAndItsSseExtensionAreServedFromTheWebjarsByFullPath() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        var page = alice.get("/catalog");
        for (var script : page.doc().select("script[src]")) {
            Response r = given().get(script.attr("src"));
            assertEquals(200, r.statusCode(), script.attr("src"));
            assertTrue(r.contentType().contains("javascript"), script.attr("src") + " " + r.contentType());
            assertTrue(r.header("Content-Security-Policy") != null);
        }
        assertEquals(200, given().get("/static/hub.css").statusCode());
        assertTrue(page.doc().select("script[src=/webjars/htmx.org/2.0.4/dist/htmx.min.js]").size() == 1);
    }

    @Test
    void errorPagesAreHtmlInTheLayoutWithTheHeaders() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        var page = alice.get("/no/such/page");

        assertEquals(404, page.status());
        assertTrue(page.has("#error-heading"));
        assertTrue(page.has("nav[aria-label=Main]"));
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'none'"));
    }

    @Test
    void layoutHasLandmarksSkipLinkAndLabelledNavigation() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        var page = alice.get("/catalog");

        assertEquals("#main", page.doc().select("a.skip-link").attr("href"));
        assertTrue(page.has("header"));
        assertTrue(page.has("main#main"));
        assertTrue(page.has("footer"));
        assertEquals(5, page.doc().select("nav[aria-label=Main] a").size());
        assertEquals("en", page.doc().select("html").attr("lang"));
        page.doc().select("input:not([type=hidden]), select, textarea").forEach(i -> {
            String id = i.id();
            boolean labelled = !id.isEmpty() && !page.doc().select("label[for=" + id + "]").isEmpty() || i.hasAttr("aria-label");
            assertTrue(labelled, "unlabelled control " + i);
        });
    }

    @Test
    void healthAndMetricsNeedNoSession() {
        assertEquals(200, given().redirects().follow(false).get("/q/health/ready").statusCode());
        assertEquals(200, given().redirects().follow(false).get("/q/metrics").statusCode());
    }
}
