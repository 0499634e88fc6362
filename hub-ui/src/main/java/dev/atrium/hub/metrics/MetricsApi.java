package dev.atrium.hub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** metrics-service's read API as the hub uses it, called with the signed-in user's access token. */
@RegisterRestClient(configKey = "metrics")
@AccessToken
@Path("/api/metrics/v1")
public interface MetricsApi {

    @GET
    @Path("/metrics/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode series(@PathParam("name") String name, @QueryParam("team") String team, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("granularity") String granularity, @QueryParam("groupBy") String groupBy);

    @GET
    @Path("/metrics/{name}")
    @Produces("text/csv")
    String csv(@PathParam("name") String name, @QueryParam("team") String team, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("granularity") String granularity, @QueryParam("groupBy") String groupBy);

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode summary(@QueryParam("team") String team);
}
