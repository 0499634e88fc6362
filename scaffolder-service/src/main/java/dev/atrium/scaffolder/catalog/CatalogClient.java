package dev.atrium.scaffolder.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.NotFoundError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * catalog-service as the scaffolder sees it: templates and entities read, and locations
 * registered, always with the caller's bearer token. Timeouts are the rest client's
 * ({@code quarkus.rest-client.catalog.*}); a catalog that does not answer is a 503.
 */
@ApplicationScoped
public class CatalogClient {
    static final String SERVICE = "catalog-service";

    @Inject
    @RestClient
    CatalogApi api;

    /** The Template entity {@code template:<namespace>/<name>}; 404 when the caller cannot see it. */
    public JsonNode template(String namespace, String name, String token) {
        try {
            return RemoteCall.readOnBehalfOfUser(SERVICE, () -> api.entityByName(bearer(token), "template", namespace, name));
        } catch (NotFoundError e) {
            throw new NotFoundError("Template template:" + namespace + "/" + name + " not found in the catalog");
        }
    }

    /** One entity, or empty when it does not exist. */
    public Optional<JsonNode> entity(String kind, String namespace, String name, String token) {
        try {
            return Optional.of(RemoteCall.readOnBehalfOfUser(SERVICE, () -> api.entityByName(bearer(token), kind, namespace, name)));
        } catch (NotFoundError e) {
            return Optional.empty();
        }
    }

    /** {@code GET /entities/by-query}: {items, totalItems, pageInfo}. */
    public JsonNode query(List<String> filter, String term, String termFields, String orderField, int limit, String cursor,
            String token) {
        return RemoteCall.readOnBehalfOfUser(SERVICE, () -> api.queryEntities(bearer(token), filter, term, termFields, orderField, limit, cursor));
    }

    /** Registers a location ({@code dryRun} reads it without storing): {location, entities, exists?}. */
    public JsonNode addLocation(String type, String target, boolean dryRun, String token) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", type).put("target", target);
        return RemoteCall.onBehalfOfUser(SERVICE, () -> api.addLocation(bearer(token), dryRun ? "true" : null, body));
    }

    static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }
}
