package dev.atrium.scaffolder.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** metrics-service's event intake ({@code POST /api/metrics/v1/events}, one event or an array). */
@RegisterRestClient(configKey = "metrics")
@Path("/api/metrics/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MetricsApi {

    @POST
    @Path("/events")
    Response send(@HeaderParam("Authorization") String authorization, JsonNode events);
}
