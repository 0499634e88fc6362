package dev.atrium.catalog.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * State carried in a by-query cursor: the query itself (so later pages ignore query parameters,
 * as Backstage does), the anchor row, the direction and the total counted on the first page. A
 * cursor of a predicate query carries {@code query}; {@code @backstage/catalog-client} sends such
 * cursors to {@code POST /entities/by-query} (see docs/decisions/0011).
 *
 * @param f filter parameters of a GET query
 * @param query filter predicate of a POST query ({@code {}} when it had none)
 * @param o sort keys, the last one deciding the id tie-break's direction
 * @param t full-text term
 * @param tf full-text fields
 * @param v the anchor's value of each sort key (null where it lacks the field)
 * @param id anchor's entity id
 * @param b whether this cursor pages backwards (prevCursor)
 * @param n totalItems
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryCursor(List<String> f, JsonNode query, List<Order> o, String t, List<String> tf,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> v, String id, boolean b, int n) {

    /** One sort key of a cursor: field and direction ({@code asc} or {@code desc}). */
    public record Order(String f, String d) {
    }
}
