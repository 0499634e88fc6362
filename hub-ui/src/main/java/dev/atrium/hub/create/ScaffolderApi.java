package dev.atrium.hub.create;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** scaffolder-service's REST API (Backstage-compatible v2) as the hub uses it, with the user's token. */
@RegisterRestClient(configKey = "scaffolder")
@AccessToken
@Path("/api/scaffolder/v2")
@Produces(MediaType.APPLICATION_JSON)
public interface ScaffolderApi {

    /** Note the order: namespace, kind, name. */
    @GET
    @Path("/templates/{namespace}/{kind}/{name}/parameter-schema")
    JsonNode parameterSchema(@PathParam("namespace") String namespace, @PathParam("kind") String kind, @PathParam("name") String name);

    @POST
    @Path("/tasks")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode createTask(JsonNode body);

    @GET
    @Path("/tasks")
    JsonNode tasks(@QueryParam("createdBy") String createdBy, @QueryParam("limit") Integer limit, @QueryParam("order") String order);

    @GET
    @Path("/tasks/{id}")
    JsonNode task(@PathParam("id") String id);

    @GET
    @Path("/tasks/{id}/events")
    List<JsonNode> events(@PathParam("id") String id, @QueryParam("after") Long after);

    @POST
    @Path("/tasks/{id}/survey")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode survey(@PathParam("id") String id, JsonNode body);
}
