package dev.atrium.hub.catalog;

import java.util.List;

/** One page of catalog search results with the cursors of its neighbours. */
public record SearchPage(List<CatalogEntity> items, int totalItems, String nextCursor, String prevCursor) {
    public boolean isEmpty() {
        return items.isEmpty();
    }
}
