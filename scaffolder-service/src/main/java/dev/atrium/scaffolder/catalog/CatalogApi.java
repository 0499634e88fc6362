package dev.atrium.scaffolder.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The parts of catalog-service's REST API the scaffolder uses; only {@link CatalogClient} calls it. */
@RegisterRestClient(configKey = "catalog")
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface CatalogApi {

    @GET
    @Path("/entities/by-name/{kind}/{namespace}/{name}")
    Response entityByName(@HeaderParam("Authorization") String authorization, @PathParam("kind") String kind,
            @PathParam("namespace") String namespace, @PathParam("name") String name);

    @GET
    @Path("/entities/by-query")
    Response queryEntities(@HeaderParam("Authorization") String authorization, @QueryParam("filter") List<String> filter,
            @QueryParam("fullTextFilterTerm") String term, @QueryParam("fullTextFilterFields") String termFields,
            @QueryParam("orderField") String orderField, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/locations")
    Response addLocation(@HeaderParam("Authorization") String authorization, @QueryParam("dryRun") String dryRun, JsonNode body);
}
