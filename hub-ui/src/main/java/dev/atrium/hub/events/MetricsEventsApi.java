package dev.atrium.hub.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * metrics-service's event intake (COMMON contract), called with the hub's own client-credentials token:
 * the events describe what users did, but the hub, a trusted Atrium service, is the one reporting them.
 */
@RegisterRestClient(configKey = "metrics-events")
@OidcClientFilter
@Path("/api/metrics/v1")
public interface MetricsEventsApi {

    /** Up to 1000 events; 202 with {@code {accepted, duplicates}}. */
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode send(List<HubEvent> events);
}
