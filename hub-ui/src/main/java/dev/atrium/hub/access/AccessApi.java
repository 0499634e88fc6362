package dev.atrium.hub.access;

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

/** access-service's REST API as the hub uses it, called with the signed-in user's access token. */
@RegisterRestClient(configKey = "access")
@AccessToken
@Path("/api/access/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface AccessApi {

    @POST
    @Path("/requests")
    @Consumes(MediaType.APPLICATION_JSON)
    AccessViews.AccessRequest create(AccessViews.NewRequest body);

    @GET
    @Path("/requests")
    AccessViews.RequestPage requests(@QueryParam("view") String view, @QueryParam("state") String state,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/requests/{id}")
    AccessViews.AccessRequest request(@PathParam("id") String id);

    @POST
    @Path("/requests/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    AccessViews.AccessRequest approve(@PathParam("id") String id, AccessViews.Decision body);

    @POST
    @Path("/requests/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    AccessViews.AccessRequest reject(@PathParam("id") String id, AccessViews.Decision body);

    /** The provisioned key, once; afterwards access-service refuses. */
    @POST
    @Path("/requests/{id}/key")
    AccessViews.CreatedKey revealKey(@PathParam("id") String id);

    @GET
    @Path("/keys")
    List<AccessViews.ApiKey> keys(@QueryParam("includeRevoked") Boolean includeRevoked);

    @GET
    @Path("/usage")
    AccessViews.UsageSummary usage(@QueryParam("groupBy") String groupBy, @QueryParam("bucket") String bucket,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("team") String team);

    @GET
    @Path("/models/status")
    List<AccessViews.ModelStatus> modelStatus();

    @GET
    @Path("/announcements")
    AccessViews.AnnouncementPage announcements(@QueryParam("limit") Integer limit);
}
