package dev.atrium.hub.web;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Idp;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in with the code flow, the session cookie, refresh before expiry, sign-out, and requests without a session. */
@QuarkusTest
class SessionTest {

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.catalog();
    }

    @Test
    void codeFlowUsesPkceAndLeavesNoCodeOrTokenInTheAddressOrPage() {
        HubSession bob = HubSession.login(TestUser.BOB, "/catalog");

        var page = bob.get("/catalog");

        assertEquals(200, page.status());
        assertEquals("Bob Brown", page.byId("user-name").text(), "name from the verified ID token");
        assertFalse(page.html().contains(TestUser.BOB.accessToken()));
        assertFalse(page.html().contains(TestUser.BOB.tokens().idToken()));
        assertFalse(page.html().contains(TestUser.BOB.tokens().refreshToken()));
        Idp.admin().verifyThat(postRequestedFor(urlEqualTo(Idp.TOKEN_PATH))
                .withRequestBody(containing("code=code-bob")).withRequestBody(containing("code_verifier=")));
    }

    @Test
    void sessionCookieIsEncryptedHttpOnlySecureAndLax() {
        Idp.register(TestUser.BOB);
        HubSession s = HubSession.anonymous();
        var start = s.raw().get("/catalog");
        URI authorize = URI.create(start.header("Location"));
        String query = authorize.getRawQuery();
        String state = java.net.URLDecoder.decode(query.replaceAll(".*state=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        String redirect = java.net.URLDecoder.decode(query.replaceAll(".*redirect_uri=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        var back = io.restassured.RestAssured.given().redirects().follow(false).cookies(start.getCookies())
                .get(redirect + "?state=" + state + "&code=code-bob");

        String setCookie = back.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("q_session")).findFirst().orElseThrow();
        assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
        assertTrue(setCookie.contains("Secure"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=lax"), setCookie);
        assertFalse(setCookie.contains(TestUser.BOB.accessToken().substring(0, 40)), "the cookie is encrypted, not the raw tokens");
    }

    @Test
    void tokensAreRefreshedBeforeTheAccessTokenExpiresAndTheNewOneIsForwarded() {
        TestUser rita = new TestUser("rita", "Rita Refresh", List.of("payments-team"), List.of());
        TestUser.Tokens first = rita.mint(30, "first");
        TestUser.Tokens second = rita.mint(3600, "second");
        Idp.registerRefreshing(rita, first, second);
        HubSession session = HubSession.login(rita, "/catalog");
        Stubs.server().resetRequests();

        var page = session.get("/catalog?q=pay");

        assertEquals(200, page.status());
        Idp.admin().verifyThat(postRequestedFor(urlEqualTo(Idp.TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token")).withRequestBody(containing("refresh_token=" + first.refreshToken())));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query"))
                .withHeader("Authorization", equalTo("Bearer " + second.accessToken())));
    }

    @Test
    void signOutDropsTheSessionAndEndsItAtTheIdpWithoutATokenInTheAddress() {
        HubSession alice = HubSession.login(TestUser.ALICE);

        var out = alice.post("/logout", Map.of());

        assertEquals(303, out.status());
        URI target = URI.create(out.header("Location"));
        assertTrue(target.toString().startsWith(Idp.baseUrl() + "/auth/realms/quarkus/protocol/openid-connect/end-session"), target.toString());
        assertTrue(target.getRawQuery().contains("client_id=hub-ui"));
        assertTrue(target.getRawQuery().contains("post_logout_redirect_uri="));
        assertFalse(target.getRawQuery().contains("id_token_hint"), "no token in a URL");
        assertNull(alice.cookie("q_session"), "the session cookie is removed");
        assertEquals(302, alice.raw().get("/catalog").statusCode(), "the next page asks the IdP again");
        var signedOut = HubSession.anonymous().get("/signed-out");
        assertEquals(200, signedOut.status());
        assertTrue(signedOut.has("#sign-in"));
    }

    @Test
    void signOutWithoutCsrfTokenIsRefused() {
        HubSession alice = HubSession.login(TestUser.ALICE);

        var refused = alice.postRaw("/logout", Map.of(), HubSession.origin());

        assertEquals(403, refused.status());
        assertEquals(200, alice.get("/catalog").status(), "still signed in");
    }

    @Test
    void formPostWithoutSessionGets401NotARedirect() {
        var r = HubSession.anonymous().postRaw("/catalog/register", Map.of("type", "url", "target", "https://x.example/c.yaml"), HubSession.origin());

        assertEquals(401, r.status());
        assertTrue(r.html().contains("Your session has ended"));
        assertTrue(Stubs.requests(Stubs.CATALOG + "/locations").isEmpty());
    }

    @Test
    void htmxRequestWithoutSessionGets401WithHxRedirect() {
        var r = HubSession.anonymous().raw().header("HX-Request", "true")
                .header("HX-Current-URL", "http://localhost/catalog?q=x").get("/catalog?q=x");

        assertEquals(401, r.statusCode());
        assertEquals("/catalog?q=x", r.header("HX-Redirect"));
    }
}
