package dev.atrium.hub.web;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * When the IdP cannot be reached, sign-in fails before any page runs; the browser then gets a 503 page
 * in the hub's look instead of a bare server error. Every other failure goes on to the usual handlers.
 */
@ApplicationScoped
public class SignInUnavailable {
    private static final Logger LOG = Logger.getLogger(SignInUnavailable.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (rc.response().headWritten() || !fromSignIn(failure)) {
            rc.next();
            return;
        }
        LOG.warnf("sign-in is not possible: %s", rootMessage(failure));
        rc.response().setStatusCode(503).putHeader("Content-Type", "text/html; charset=UTF-8").putHeader("Retry-After", "30")
                .end(PAGE);
    }

    static boolean fromSignIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationFailedException || t.getClass().getName().startsWith("io.quarkus.oidc.")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign-in unavailable · Atrium</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/static/hub.css"></head>
            <body><main id="main" class="container narrow"><section class="state state-error">
            <h1>Sign-in is not available right now</h1>
            <p>The hub cannot reach the company sign-in service. Try again in a minute.</p>
            <p><a class="btn" href="/">Try again</a></p></section></main></body></html>
            """;
}
