package dev.atrium.catalog.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.atrium.catalog.search.FilterPredicate;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.paging.CursorCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /locations/by-query}: registered locations filtered by a predicate over
 * {@code id}, {@code type}, {@code target} and {@code entityRef}, in id order, cursor-paged.
 * Locations are few next to entities, so the predicate is evaluated in memory over the list.
 */
@ApplicationScoped
public class LocationQueries {
    /** Page size when the first request names none (Backstage's default). */
    static final int DEFAULT_LIMIT = 1000;
    /** Largest page. */
    static final int MAX_LIMIT = 10_000;
    /** Longest cursor accepted (it carries the predicate). */
    static final int MAX_CURSOR = 96 * 1024;

    @Inject
    LocationService locations;

    /** Body of {@code POST /locations/by-query}: a first page, or a cursor alone. */
    @Schema(name = "GetLocationsByQueryRequest")
    public record QueryRequest(
            @Schema(description = "nextCursor of the previous page; replaces limit and query") String cursor,
            @Schema(description = "Page size, 1 to " + MAX_LIMIT + ", default " + DEFAULT_LIMIT) Integer limit,
            @Schema(type = SchemaType.OBJECT, description = "Filter predicate over id, type, target and entityRef, e.g. {\"type\": \"url\"}")
            JsonNode query) {
    }

    /** A page of locations. */
    @Schema(name = "LocationsQueryResponse")
    public record QueryResponse(List<Location> items, int totalItems, PageInfo pageInfo) {
    }

    /** Cursor to the next page; absent on the last. */
    @Schema(name = "LocationsPageInfo")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageInfo(String nextCursor) {
    }

    /** The cursor, in Backstage's shape: page size, the last id shown and the query. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cursor(Integer limit, String afterId, JsonNode query) {
    }

    public QueryResponse query(QueryRequest request) {
        QueryRequest r = request == null ? new QueryRequest(null, null, null) : request;
        int limit;
        String afterId = null;
        JsonNode query;
        if (r.cursor() != null) {
            Cursor c = CursorCodec.decode(r.cursor(), Cursor.class, MAX_CURSOR);
            if (c.limit() == null || c.limit() < 1 || c.limit() > MAX_LIMIT
                    || (c.afterId() != null && parseUuid(c.afterId()) == null)) {
                throw new InputError("Malformed cursor");
            }
            limit = c.limit();
            afterId = c.afterId();
            query = c.query();
        } else {
            limit = r.limit() == null ? DEFAULT_LIMIT : r.limit();
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InputError("Invalid limit " + limit + ", must be between 1 and " + MAX_LIMIT);
            }
            query = r.query() == null || r.query().isNull() ? null : r.query();
        }
        FilterPredicate predicate = FilterPredicate.parse(query);
        List<Location> all = new ArrayList<>(locations.list());
        all.sort(Comparator.comparing((Location l) -> UUID.fromString(l.id()), LocationQueries::compareIds));
        List<Location> matching = all.stream().filter(l -> predicate.test(path -> field(l, path))).toList();
        List<Location> page = new ArrayList<>();
        UUID after = afterId == null ? null : UUID.fromString(afterId);
        boolean more = false;
        for (Location l : matching) {
            if (after != null && compareIds(UUID.fromString(l.id()), after) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(l);
        }
        String next = more ? CursorCodec.encodeStandard(new Cursor(limit, page.get(page.size() - 1).id(), query)) : null;
        return new QueryResponse(page, matching.size(), new PageInfo(next));
    }

    /** The value a predicate sees at a path of a location (paths are lower-cased by the parser). */
    private static JsonNode field(Location l, String path) {
        String v = switch (path.toLowerCase(Locale.ROOT)) {
            case "id" -> l.id();
            case "type" -> l.type();
            case "target" -> l.target();
            case "entityref" -> l.entityRef();
            default -> null;
        };
        return v == null ? null : JsonNodeFactory.instance.textNode(v);
    }

    /** UUIDs in the order PostgreSQL and Backstage sort them: as unsigned bytes, i.e. as their text. */
    private static int compareIds(UUID a, UUID b) {
        return a.toString().compareTo(b.toString());
    }

    private static UUID parseUuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
