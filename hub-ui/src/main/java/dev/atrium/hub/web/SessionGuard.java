package dev.atrium.hub.web;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Answers requests that cannot sensibly be sent to the IdP's login page. A form post without a session
 * gets 401 (a redirect would lose what was typed, and the form needs a CSRF token of a session anyway);
 * an htmx request without a session gets 401 with {@code HX-Redirect}, so htmx reloads the whole page and
 * the normal sign-in starts.
 */
@ApplicationScoped
public class SessionGuard {
    /** Before the OIDC authentication handler. */
    static final int PRIORITY = 19_000;
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String SESSION_COOKIE = "q_session";

    @RouteFilter(PRIORITY)
    void guard(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (isPublic(path) || hasSession(rc)) {
            rc.next();
            return;
        }
        boolean htmx = "true".equals(rc.request().getHeader("HX-Request"));
        if (!SAFE.contains(rc.request().method()) || htmx) {
            var response = rc.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=UTF-8");
            if (htmx) {
                response.putHeader("HX-Redirect", samePagePath(rc.request().getHeader("HX-Current-URL")));
            }
            response.end(SIGNED_OUT_PAGE);
            return;
        }
        rc.next();
    }

    /** The path (and query) of htmx's current URL, or "/" when it is missing or malformed. */
    static String samePagePath(String currentUrl) {
        if (currentUrl == null) {
            return "/";
        }
        try {
            java.net.URI u = java.net.URI.create(currentUrl);
            String p = u.getRawPath();
            if (p == null || !p.startsWith("/") || p.startsWith("//")) {
                return "/";
            }
            return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    static boolean isPublic(String path) {
        return path.startsWith("/static/") || path.startsWith("/webjars/") || path.startsWith("/q/")
                || path.equals("/signed-out") || path.equals("/favicon.ico");
    }

    static boolean hasSession(RoutingContext rc) {
        for (Cookie c : rc.request().cookies()) {
            if (c.getName().equals(SESSION_COOKIE) || c.getName().startsWith(SESSION_COOKIE + "_chunk_")) {
                return true;
            }
        }
        return false;
    }

    private static final String SIGNED_OUT_PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in again · Atrium</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/static/hub.css"></head>
            <body><main id="main" class="container narrow"><h1>Your session has ended</h1>
            <p>Nothing was sent. <a href="/">Sign in again</a> and repeat what you were doing.</p></main></body></html>
            """;
}
