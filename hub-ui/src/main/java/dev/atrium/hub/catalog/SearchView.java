package dev.atrium.hub.catalog;

import dev.atrium.hub.web.Fetched;
import java.util.List;

/** Everything the search page shows. */
public record SearchView(SearchQuery query, Fetched<SearchPage> results, List<FacetGroup> facets,
        boolean facetsFailed, String searchId, int start, int pageSize) {

    public String nextHref() {
        return results.isOk() && results.value().nextCursor() != null ? pageHref(results.value().nextCursor(), start + pageSize) : null;
    }

    public String prevHref() {
        return results.isOk() && results.value().prevCursor() != null ? pageHref(results.value().prevCursor(), Math.max(0, start - pageSize)) : null;
    }

    /** The entity page link of a result, carrying the search id and rank for the click event. */
    public String resultHref(CatalogEntity e, int index) {
        String base = e.href();
        return searchId == null ? base : base + "?sid=" + searchId + "&rank=" + (start + index + 1);
    }

    public int firstShown() {
        return start + 1;
    }

    public int lastShown() {
        return results.isOk() ? start + results.value().items().size() : start;
    }

    private String pageHref(String cursor, int newStart) {
        String h = query.href(cursor);
        return h + (h.contains("?") ? "&" : "?") + (searchId == null ? "" : "sid=" + searchId + "&") + "start=" + newStart;
    }
}
