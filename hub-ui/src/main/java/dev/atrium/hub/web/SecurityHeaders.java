package dev.atrium.hub.web;

import dev.atrium.hub.config.HubConfig;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Adds the security headers to every response: a strict Content-Security-Policy (scripts and styles
 * only from the hub itself, no inline code, forms only to the hub and the IdP), no framing, no sniffing,
 * no referrer across sites, and {@code no-store} on pages so a shared computer's back button shows nothing.
 */
@ApplicationScoped
public class SecurityHeaders {
    /** Before the security and static-resource handlers, so their answers get the headers too. */
    static final int PRIORITY = 20_000;

    private final String csp;

    SecurityHeaders(HubConfig config, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String idpUrl) {
        StringBuilder formAction = new StringBuilder("'self' ").append(origin(idpUrl));
        config.security().extraFormActions().ifPresent(extra -> formAction.append(' ').append(extra.trim()));
        this.csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src 'self'; form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'";
    }

    public String contentSecurityPolicy() {
        return csp;
    }

    @RouteFilter(PRIORITY)
    void headers(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean https = "https".equals(rc.request().scheme());
        rc.addHeadersEndHandler(v -> {
            MultiMap h = rc.response().headers();
            h.set("Content-Security-Policy", csp);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "same-origin");
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
            if (https) {
                h.set("Strict-Transport-Security", "max-age=31536000");
            }
            if (!path.startsWith("/static/") && !path.startsWith("/webjars/")) {
                h.set("Cache-Control", "no-store");
            }
        });
        rc.next();
    }

    static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }
}
