package dev.atrium.scaffolder.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.scaffolder.catalog.RemoteCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * access-service as the scaffolder sees it: AI model access requests made with the user's token.
 * Until the service answers, every call fails with "access-service unavailable" (a 503), never a
 * made-up success.
 */
@ApplicationScoped
public class AccessClient {
    static final String SERVICE = "access-service";

    @Inject
    @RestClient
    AccessApi api;

    /** Creates an access request; access-service answers 201 with {id, state, ...}. */
    public JsonNode createRequest(ObjectNode request, String token) {
        try {
            return RemoteCall.call(SERVICE, () -> api.createRequest(token == null ? null : "Bearer " + token, request));
        } catch (NotFoundError e) {
            if (e.getMessage() != null && e.getMessage().contains("RESTEASY")) {
                throw new ServiceUnavailableError("access-service unavailable: its request API is not served here");
            }
            throw e;
        }
    }
}
