package dev.atrium.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Per-user code-flow stubs on the {@code OidcWiremockTestResource} server: its login page (a form with
 * username and password) redirects back with {@code code=code-<user>}, and its token endpoint answers that
 * code (and the user's refresh tokens) with the user's signed tokens. Stubs are registered once per user.
 */
public final class Idp {
    public static final String TOKEN_PATH = "/auth/realms/quarkus/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();

    private Idp() {
    }

    /** The OIDC WireMock server's admin client. */
    public static WireMock admin() {
        URI u = URI.create(ConfigProvider.getConfig().getValue("keycloak.url", String.class));
        return new WireMock(u.getHost(), u.getPort());
    }

    public static String baseUrl() {
        URI u = URI.create(ConfigProvider.getConfig().getValue("keycloak.url", String.class));
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }

    /** Makes the login page and token endpoint know {@code user}. */
    public static void register(TestUser user) {
        if (!READY.add(user.username())) {
            return;
        }
        WireMock idp = admin();
        idp.register(get(urlPathEqualTo("/login")).atPriority(1)
                .withQueryParam("username", equalTo(user.username()))
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=code-" + user.username())
                        .withTransformers("response-template")));
        idp.register(post(urlEqualTo(TOKEN_PATH)).atPriority(1)
                .withRequestBody(containing("code=code-" + user.username()))
                .willReturn(tokenResponse(user.tokens())));
    }

    /** The token endpoint answers {@code user}'s code with {@code first} and the refresh of {@code first} with {@code second}. */
    public static void registerRefreshing(TestUser user, TestUser.Tokens first, TestUser.Tokens second) {
        WireMock idp = admin();
        idp.register(get(urlPathEqualTo("/login")).atPriority(1)
                .withQueryParam("username", equalTo(user.username()))
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=code-" + user.username())
                        .withTransformers("response-template")));
        idp.register(post(urlEqualTo(TOKEN_PATH)).atPriority(1)
                .withRequestBody(containing("code=code-" + user.username()))
                .willReturn(tokenResponse(first)));
        idp.register(post(urlEqualTo(TOKEN_PATH)).atPriority(1)
                .withRequestBody(containing("refresh_token=" + first.refreshToken()))
                .willReturn(tokenResponse(second)));
        READY.add(user.username());
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenResponse(TestUser.Tokens t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t.accessToken());
        body.put("id_token", t.idToken());
        body.put("refresh_token", t.refreshToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", t.expiresIn());
        try {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
