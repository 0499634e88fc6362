package dev.atrium.hub.events;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Records a {@code page.viewed} event for every full HTML page a signed-in user gets: GET, 2xx, not an
 * htmx fragment. Runs after the page is built and only queues the event.
 */
public class PageViews {

    @Inject
    Activity activity;

    @ServerResponseFilter
    public void viewed(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"GET".equals(request.getMethod()) || response.getStatus() / 100 != 2
                || "true".equals(request.getHeaderString("HX-Request"))) {
            return;
        }
        MediaType type = response.getMediaType();
        boolean html = response.getEntity() instanceof io.quarkus.qute.TemplateInstance
                || type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE);
        if (!html) {
            return;
        }
        activity.pageViewed(request.getUriInfo().getPath());
    }
}
