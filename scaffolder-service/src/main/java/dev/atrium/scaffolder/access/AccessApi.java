package dev.atrium.scaffolder.access;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** access-service's request API (contract: {@code POST /api/access/v1/requests}). */
@RegisterRestClient(configKey = "access")
@Path("/api/access/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AccessApi {

    @POST
    @Path("/requests")
    Response createRequest(@HeaderParam("Authorization") String authorization, JsonNode body);
}
