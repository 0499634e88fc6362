package dev.atrium.hub.create;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

/** The task event stream (SSE), on its own client so its long read timeout applies only here. */
@RegisterRestClient(configKey = "scaffolder-events")
@AccessToken
@Path("/api/scaffolder/v2")
public interface ScaffolderEventsApi {

    @GET
    @Path("/tasks/{id}/eventstream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(@PathParam("id") String id, @QueryParam("after") Long after);
}
