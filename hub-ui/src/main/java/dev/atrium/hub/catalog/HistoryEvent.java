package dev.atrium.hub.catalog;

import java.time.OffsetDateTime;
import java.util.List;

/** An entry of the catalog's history feed: an entity added, changed or removed. */
public record HistoryEvent(long id, EntityRef ref, String event, List<String> changedFields, OffsetDateTime at) {
}
