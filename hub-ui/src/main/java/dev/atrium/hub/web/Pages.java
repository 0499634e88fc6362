package dev.atrium.hub.web;

import dev.atrium.hub.config.HubConfig;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Builds the {@link PageContext} of the current request, issuing a CSRF cookie on the first page. */
@RequestScoped
public class Pages {

    @Inject
    Viewer viewer;

    @Inject
    CsrfTokens tokens;

    @Inject
    HubConfig config;

    @Inject
    RoutingContext routing;

    public PageContext context(String title, Section section) {
        return new PageContext(title, section, viewer, csrfToken(), null);
    }

    /** Whether this request came from htmx and wants a fragment rather than the whole page. */
    public boolean htmx() {
        return "true".equals(routing.request().getHeader("HX-Request"))
                && !"true".equals(routing.request().getHeader("HX-History-Restore-Request"));
    }

    /** The token this request's forms carry; the cookie is created (and set on the response) when missing. */
    public String csrfToken() {
        String nonce = routing.get(CsrfGuard.ISSUED);
        if (nonce == null) {
            Cookie cookie = routing.request().getCookie(config.security().csrfCookie());
            if (cookie != null && !cookie.getValue().isEmpty() && cookie.getValue().length() <= 100) {
                nonce = cookie.getValue();
            } else {
                nonce = tokens.newNonce();
                routing.put(CsrfGuard.ISSUED, nonce);
            }
        }
        return tokens.tokenFor(nonce, viewer.username());
    }
}
