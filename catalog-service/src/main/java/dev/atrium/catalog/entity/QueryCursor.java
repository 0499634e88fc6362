package dev.atrium.catalog.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * State carried in a by-query cursor: the query itself (so later pages ignore query parameters,
 * as Backstage does), the anchor row, the direction and the total counted on the first page.
 *
 * @param f filter parameters
 * @param o sort field
 * @param d sort direction, asc or desc
 * @param t full-text term
 * @param tf full-text fields
 * @param v anchor's sort value (null when the anchor lacks the field)
 * @param id anchor's entity id
 * @param b whether this cursor pages backwards (prevCursor)
 * @param n totalItems
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryCursor(List<String> f, String o, String d, String t, List<String> tf, String v, String id,
        boolean b, int n) {
}
