package dev.atrium.catalog.support;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoint (compiled into the test application, never shipped) that fails the way a bug
 * would, so the catch-all error mapping can be exercised over real HTTP.
 */
@Path("/test-support/failures")
@Produces(MediaType.APPLICATION_JSON)
public class FailingResource {
    /** Text that must never reach a client: it stands for internal paths and addresses in a stack trace. */
    public static final String SECRET_DETAIL = "internal detail /srv/atrium/db 10.1.2.3";

    @GET
    @Path("bug")
    @Operation(hidden = true)
    public String bug() {
        throw new IllegalStateException(SECRET_DETAIL);
    }
}
