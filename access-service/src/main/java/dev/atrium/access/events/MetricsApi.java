package dev.atrium.access.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** metrics-service's event intake; used only by {@link EventRelay}. */
@RegisterRestClient(configKey = "metrics")
@Path("/api/metrics/v1")
public interface MetricsApi {

    /** One event or an array of up to 1000 → 202 {accepted, duplicates}. */
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    Response send(@HeaderParam("Authorization") String authorization, JsonNode events);
}
