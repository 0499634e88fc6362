package dev.atrium.metrics.engineer;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The part of catalog-service's REST API the metrics read: cursor-paged entity queries. */
@RegisterRestClient(configKey = "catalog")
@Path("/api/catalog")
public interface CatalogApi {

    @GET
    @Path("/entities/by-query")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode query(@HeaderParam("Authorization") String authorization,
            @QueryParam("filter") String filter,
            @QueryParam("fields") List<String> fields,
            @QueryParam("limit") int limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("totalItems") String totalItems);
}
