package dev.atrium.hub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.hub.web.Fetched;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The hub's one way into catalog-service: typed results, the user's token propagated, every failure a
 * {@link Fetched} problem (timeouts are set per client in application.properties).
 */
@ApplicationScoped
public class CatalogClient {
    public static final String SERVICE = "The catalog";
    /** Fields searched by the free-text box. */
    static final String TEXT_FIELDS = "metadata.name,metadata.title,metadata.description";
    /** The catalog answers at most this many refs per by-refs call. */
    static final int MAX_REFS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @RestClient
    CatalogApi api;

    /** One page of entities matching {@code query}, ordered by name. */
    public Fetched<SearchPage> search(SearchQuery query, int pageSize) {
        return Fetched.call(SERVICE, () -> {
            JsonNode r = query.cursor() != null
                    ? api.query(null, null, null, null, query.cursor(), pageSize, null)
                    : api.query(query.filter(), query.text().isEmpty() ? null : query.text(),
                            query.text().isEmpty() ? null : TEXT_FIELDS, "metadata.name,asc", null, pageSize, null);
            List<CatalogEntity> items = new ArrayList<>();
            r.path("items").forEach(i -> items.add(CatalogEntity.from(i)));
            return new SearchPage(items, r.path("totalItems").asInt(items.size()),
                    text(r.path("pageInfo").path("nextCursor")), text(r.path("pageInfo").path("prevCursor")));
        });
    }

    /** Value counts of {@code fields} among the entities matching {@code filter}, most frequent first. */
    public Fetched<Map<String, List<FacetCount>>> facets(List<String> fields, List<String> filter) {
        return Fetched.call(SERVICE, () -> {
            JsonNode r = api.facets(fields, filter.isEmpty() ? null : filter);
            Map<String, List<FacetCount>> out = new LinkedHashMap<>();
            for (String f : fields) {
                List<FacetCount> counts = new ArrayList<>();
                r.path("facets").path(f).forEach(v -> counts.add(new FacetCount(v.path("value").asText(), v.path("count").asInt())));
                counts.sort((a, b) -> a.count() != b.count() ? Integer.compare(b.count(), a.count()) : a.value().compareTo(b.value()));
                out.put(f, counts);
            }
            return out;
        });
    }

    public Fetched<CatalogEntity> entity(EntityRef ref) {
        return Fetched.call(SERVICE, () -> CatalogEntity.from(api.entity(ref.kind(), ref.namespace(), ref.name())));
    }

    /** The entities of {@code refs} that exist, keyed by ref (at most {@value #MAX_REFS} are asked for). */
    public Fetched<Map<EntityRef, CatalogEntity>> byRefs(Collection<EntityRef> refs) {
        if (refs.isEmpty()) {
            return Fetched.of(Map.of());
        }
        return Fetched.call(SERVICE, () -> {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode arr = body.putArray("entityRefs");
            refs.stream().distinct().limit(MAX_REFS).forEach(r -> arr.add(r.toString()));
            JsonNode r = api.byRefs(body);
            Map<EntityRef, CatalogEntity> out = new LinkedHashMap<>();
            for (JsonNode item : r.path("items")) {
                if (item != null && item.isObject()) {
                    CatalogEntity e = CatalogEntity.from(item);
                    out.put(e.ref(), e);
                }
            }
            return out;
        });
    }

    /** Up to {@code limit} entities matching {@code filter} (catalog filter syntax), ordered by name. */
    public Fetched<List<CatalogEntity>> find(List<String> filter, int limit) {
        return Fetched.call(SERVICE, () -> {
            JsonNode r = api.query(filter, null, null, "metadata.name,asc", null, limit, null);
            List<CatalogEntity> out = new ArrayList<>();
            r.path("items").forEach(i -> out.add(CatalogEntity.from(i)));
            return out;
        });
    }

    /** The newest {@code limit} history events. */
    public Fetched<List<HistoryEvent>> history(int limit) {
        return Fetched.call(SERVICE, () -> {
            JsonNode r = api.history(limit, null);
            List<HistoryEvent> out = new ArrayList<>();
            for (JsonNode e : r.path("items")) {
                EntityRef ref = EntityRef.parse(text(e.path("entityRef")), null);
                if (ref == null) {
                    continue;
                }
                List<String> fields = new ArrayList<>();
                e.path("changedFields").forEach(f -> fields.add(f.asText()));
                OffsetDateTime at = text(e.path("at")) == null ? null : OffsetDateTime.parse(e.path("at").asText());
                out.add(new HistoryEvent(e.path("id").asLong(), ref, e.path("event").asText(), fields, at));
            }
            return out;
        });
    }

    /** Registers a location, or with {@code dryRun} only reads it and returns what would be ingested. */
    public Fetched<LocationResult> addLocation(String type, String target, boolean dryRun) {
        return Fetched.call(SERVICE, () -> {
            ObjectNode body = JSON.createObjectNode().put("type", type).put("target", target);
            JsonNode r = api.addLocation(dryRun ? "true" : null, body);
            List<CatalogEntity> entities = new ArrayList<>();
            r.path("entities").forEach(e -> entities.add(CatalogEntity.from(e)));
            JsonNode loc = r.path("location");
            return new LocationResult(text(loc.path("id")), text(loc.path("type")), text(loc.path("target")),
                    r.path("exists").asBoolean(false), entities);
        });
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
