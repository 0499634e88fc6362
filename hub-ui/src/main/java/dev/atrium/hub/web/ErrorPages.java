package dev.atrium.hub.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure the hub answers itself, as an HTML page in the layout (the one table of error statuses).
 * A service that is down is not a failure of the hub: pages show it in their own error state.
 */
@ApplicationScoped
public class ErrorPages {
    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @Inject
    Pages pages;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(PageContext page, int status, String heading, String message, String errorId);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return page(404, "Page not found", "There is nothing at this address. Use the navigation to find your way.");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return page(405, "Not possible here", "This address does not accept that kind of request.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "Not allowed", "You are not allowed to do this.");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return page(401, "Please sign in", "Your session has ended. Reload the page to sign in again.");
    }

    @ServerExceptionMapper
    public Response badInput(BadInput e) {
        return page(400, "That did not work", e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return switch (status) {
            case 400 -> page(400, "That did not work", "The request was not understood.");
            case 401 -> unauthorized(null);
            case 403 -> forbidden(null);
            case 404 -> notFound(null);
            case 413 -> page(413, "Too large", "What you sent is larger than the hub accepts.");
            case 415 -> page(415, "Not understood", "Send this as a form from the page.");
            default -> page(status, "That did not work", "The request could not be handled.");
        };
    }

    /** The one catch-all: 500 with an error id that is in the log next to the stack trace. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unexpected error %s", id);
        return Response.status(500).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(pages.context("Something went wrong", Section.NONE), 500, "Something went wrong",
                        "The hub could not show this page. If it keeps happening, give the platform team this error id.", id))
                .build();
    }

    /** The answer to a state-changing request without a valid CSRF token or from another origin. */
    public Response csrfRefused() {
        return page(403, "This form has expired", "Reload the page and send the form again.");
    }

    public Response page(int status, String heading, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(pages.context(heading, Section.NONE), status, heading, message, null))
                .build();
    }
}
