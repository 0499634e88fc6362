package dev.atrium.hub.web;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Signing out (decision 0023): the hub drops its session cookie, then sends the browser to the IdP's
 * end-session endpoint with only the client id and the return address, so no token ever travels in a URL.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SessionResource {

    @Inject
    OidcSession session;

    @Inject
    OidcConfigurationMetadata metadata;

    @Inject
    Pages pages;

    @Inject
    RoutingContext routing;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    String clientId;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut(PageContext page);
    }

    @POST
    @Path("logout")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public Response logout() {
        session.logout().await().indefinitely();
        URI back = URI.create(baseUrl() + "/signed-out");
        String endSession = metadata.getEndSessionUri();
        if (endSession == null || endSession.isBlank()) {
            return Response.seeOther(back).build();
        }
        URI target = UriBuilder.fromUri(endSession)
                .queryParam("client_id", clientId)
                .queryParam("post_logout_redirect_uri", back.toString())
                .build();
        return Response.seeOther(target).build();
    }

    @GET
    @Path("signed-out")
    @Operation(hidden = true)
    @RunOnVirtualThread
    public TemplateInstance signedOut() {
        return Templates.signedOut(pages.context("Signed out", Section.NONE));
    }

    private String baseUrl() {
        var r = routing.request();
        return r.scheme() + "://" + r.getHeader("Host");
    }
}
