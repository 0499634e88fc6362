package dev.atrium.hub.catalog;

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

/** catalog-service's REST API as the hub uses it, called with the signed-in user's access token. */
@RegisterRestClient(configKey = "catalog")
@AccessToken
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
public interface CatalogApi {

    @GET
    @Path("/entities/by-query")
    JsonNode query(@QueryParam("filter") List<String> filter,
            @QueryParam("fullTextFilterTerm") String term,
            @QueryParam("fullTextFilterFields") String termFields,
            @QueryParam("orderField") String orderField,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit,
            @QueryParam("fields") List<String> fields);

    @GET
    @Path("/entity-facets")
    JsonNode facets(@QueryParam("facet") List<String> facets, @QueryParam("filter") List<String> filter);

    @GET
    @Path("/entities/by-name/{kind}/{namespace}/{name}")
    JsonNode entity(@PathParam("kind") String kind, @PathParam("namespace") String namespace, @PathParam("name") String name);

    @POST
    @Path("/entities/by-refs")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode byRefs(JsonNode body);

    @GET
    @Path("/history")
    JsonNode history(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/locations")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode addLocation(@QueryParam("dryRun") String dryRun, JsonNode body);
}
