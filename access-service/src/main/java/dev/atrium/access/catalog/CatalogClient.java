package dev.atrium.access.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.access.events.ServiceToken;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The one way this service reads catalog-service: AIModel and Toolchain entities by ref, and the list of
 * AIModels for status probes. Connect and read timeouts are the REST client's
 * ({@code quarkus.rest-client.catalog.*}); transport errors and 5xx answers are retried twice, then become 503.
 */
@ApplicationScoped
public class CatalogClient {
    private static final Logger LOG = Logger.getLogger(CatalogClient.class);
    private static final int PAGE = 200;

    @Inject
    @RestClient
    CatalogApi api;

    @Inject
    ServiceToken serviceToken;

    /** Thrown inside the retried calls for answers worth retrying. */
    static final class Retryable extends RuntimeException {
        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The AIModel or Toolchain with {@code ref}, read with {@code bearerToken} (the caller's, or null for this
     * service's own client-credentials token); empty when the catalog has no such entity.
     */
    public Optional<CatalogModel> model(EntityRefs.Ref ref, String bearerToken) {
        String auth = "Bearer " + (bearerToken != null ? bearerToken : serviceToken.bearer());
        try {
            JsonNode entity = fetch(auth, ref);
            return entity == null ? Optional.empty() : Optional.of(toModel(entity));
        } catch (Retryable e) {
            LOG.warnf("catalog-service unavailable reading %s: %s", ref, e.getMessage());
            throw new ServiceUnavailableError("The catalog is unavailable; try again shortly");
        }
    }

    /** Every AIModel in the catalog, up to {@code max}, read with this service's own token. */
    public List<CatalogModel> allModels(int max) {
        String auth = "Bearer " + serviceToken.bearer();
        List<CatalogModel> models = new ArrayList<>();
        String cursor = null;
        try {
            do {
                JsonNode page = query(auth, cursor);
                for (JsonNode item : page.path("items")) {
                    models.add(toModel(item));
                    if (models.size() >= max) {
                        return models;
                    }
                }
                JsonNode next = page.path("pageInfo").path("nextCursor");
                cursor = next.isTextual() ? next.asText() : null;
            } while (cursor != null);
        } catch (Retryable e) {
            throw new ServiceUnavailableError("The catalog is unavailable: " + e.getMessage());
        }
        return models;
    }

    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = Retryable.class)
    JsonNode fetch(String auth, EntityRefs.Ref ref) {
        try {
            return api.byName(auth, ref.kind(), ref.namespace(), ref.name());
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return null;
            }
            if (status < 500) {
                throw new ServiceUnavailableError("The catalog refused to read " + ref + " (HTTP " + status + ")");
            }
            throw new Retryable("HTTP " + status, e);
        } catch (ProcessingException e) {
            throw new Retryable(String.valueOf(e.getMessage()), e);
        }
    }

    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = Retryable.class)
    JsonNode query(String auth, String cursor) {
        try {
            return cursor == null
                    ? api.byQuery(auth, List.of("kind=aimodel"), List.of(), PAGE, null)
                    : api.byQuery(auth, null, null, PAGE, cursor);
        } catch (WebApplicationException e) {
            throw new Retryable("HTTP " + e.getResponse().getStatus(), e);
        } catch (ProcessingException e) {
            throw new Retryable(String.valueOf(e.getMessage()), e);
        }
    }

    static CatalogModel toModel(JsonNode entity) {
        JsonNode metadata = entity.path("metadata");
        JsonNode spec = entity.path("spec");
        String kind = entity.path("kind").asText();
        String ref = kind.toLowerCase(java.util.Locale.ROOT) + ":"
                + metadata.path("namespace").asText("default").toLowerCase(java.util.Locale.ROOT) + "/"
                + metadata.path("name").asText().toLowerCase(java.util.Locale.ROOT);
        List<String> models = new ArrayList<>();
        for (JsonNode m : spec.path("models")) {
            String canonical = EntityRefs.canonicalOrNull(m.asText(), "aimodel");
            if (canonical != null) {
                models.add(canonical);
            }
        }
        String owner = spec.path("owner").asText(null);
        return new CatalogModel(ref, kind.equalsIgnoreCase("toolchain") ? CatalogModel.TOOLCHAIN
                        : kind.equalsIgnoreCase("aimodel") ? CatalogModel.AI_MODEL : kind,
                metadata.path("title").asText(metadata.path("name").asText()),
                owner == null || owner.isBlank() ? null : Policy.canonicalOwnerRef(owner),
                spec.path("lifecycle").asText(null),
                textOrNull(spec.path("accessTier")),
                textOrNull(spec.path("costCenter")),
                spec.path("requestAccess").path("type").asText("selfService"),
                textOrNull(metadata.path("annotations").path("atrium.dev/health-url")),
                models);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
