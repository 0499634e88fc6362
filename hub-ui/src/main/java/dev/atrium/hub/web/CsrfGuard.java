package dev.atrium.hub.web;

import dev.atrium.hub.config.HubConfig;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Refuses every state-changing request whose CSRF token does not match its cookie and user, or whose
 * Origin (or Referer) names another site (decision 0024). Runs after the form is read, before any
 * resource method, so no form handler can forget the check.
 */
public class CsrfGuard {
    private static final Logger LOG = Logger.getLogger(CsrfGuard.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** Request attribute holding a cookie value issued while handling this request. */
    static final String ISSUED = "atrium.csrf.issued";

    @Inject
    CsrfTokens tokens;

    @Inject
    HubConfig config;

    @Inject
    Viewer viewer;

    @Inject
    ErrorPages errors;

    @ServerRequestFilter(readBody = true)
    public Response check(ResteasyReactiveContainerRequestContext context, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (SAFE.contains(request.method().name())) {
            return null;
        }
        if (!sameOrigin(request)) {
            LOG.infof("refused %s %s: cross-origin request from %s", request.method(), request.path(), origin(request));
            return errors.csrfRefused();
        }
        Cookie cookie = request.getCookie(config.security().csrfCookie());
        String submitted = request.getHeader(CsrfTokens.HEADER);
        if (submitted == null && isForm(context.getMediaType())) {
            ResteasyReactiveRequestContext rr = (ResteasyReactiveRequestContext) context.getServerRequestContext();
            Object field = rr.getFormParameter(CsrfTokens.FIELD, true, false);
            submitted = field == null ? null : field.toString();
        }
        if (cookie == null || !tokens.matches(submitted, cookie.getValue(), viewer.username())) {
            LOG.infof("refused %s %s: missing or invalid CSRF token", request.method(), request.path());
            return errors.csrfRefused();
        }
        return null;
    }

    /** Sets the CSRF cookie when a page handed out a token for a new one. */
    @ServerResponseFilter
    public void issue(ContainerResponseContext response, RoutingContext routing) {
        String nonce = routing.get(ISSUED);
        if (nonce != null) {
            Cookie c = Cookie.cookie(config.security().csrfCookie(), nonce)
                    .setPath("/")
                    .setHttpOnly(true)
                    .setSecure(config.security().secureCookies())
                    .setSameSite(CookieSameSite.STRICT);
            response.getHeaders().add("Set-Cookie", c.encode());
        }
    }

    private static boolean isForm(MediaType type) {
        return type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
    }

    /** Origin, else Referer, must name this host; requests with neither rely on the token alone. */
    static boolean sameOrigin(HttpServerRequest request) {
        String source = origin(request);
        if (source == null) {
            return true;
        }
        try {
            URI u = URI.create(source);
            if (u.getHost() == null) {
                return false;
            }
            String host = request.getHeader("Host");
            if (host == null) {
                return false;
            }
            String expected = host.toLowerCase(Locale.ROOT);
            String actual = u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() > 0 ? ":" + u.getPort() : "");
            return expected.equals(actual) || stripDefaultPort(expected, u.getScheme()).equals(actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String origin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.isBlank() && !"null".equals(origin)) {
            return origin;
        }
        if ("null".equals(origin)) {
            return "null://opaque";
        }
        String referer = request.getHeader("Referer");
        return referer == null || referer.isBlank() ? null : referer;
    }

    private static String stripDefaultPort(String hostPort, String scheme) {
        if ("https".equals(scheme) && hostPort.endsWith(":443")) {
            return hostPort.substring(0, hostPort.length() - 4);
        }
        if ("http".equals(scheme) && hostPort.endsWith(":80")) {
            return hostPort.substring(0, hostPort.length() - 3);
        }
        return hostPort;
    }
}
