package dev.atrium.access.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The part of catalog-service's public REST API this service reads; used only through {@link CatalogClient}. */
@RegisterRestClient(configKey = "catalog")
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
public interface CatalogApi {

    @GET
    @Path("/entities/by-name/{kind}/{namespace}/{name}")
    JsonNode byName(@HeaderParam("Authorization") String authorization, @PathParam("kind") String kind,
            @PathParam("namespace") String namespace, @PathParam("name") String name);

    @GET
    @Path("/entities/by-query")
    JsonNode byQuery(@HeaderParam("Authorization") String authorization, @QueryParam("filter") List<String> filter,
            @QueryParam("fields") List<String> fields, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);
}
