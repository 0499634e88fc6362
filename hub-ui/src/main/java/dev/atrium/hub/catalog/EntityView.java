package dev.atrium.hub.catalog;

import dev.atrium.hub.chart.RelationGraph;
import java.util.List;
import java.util.Map;

/** Everything the entity page shows. */
public record EntityView(CatalogEntity entity, CatalogEntity owner, EntityRef system, EntityRef domain,
        RelationGraph graph, List<Row> spec, String yaml, Map<String, List<CatalogEntity.Relation>> relationsByType,
        Map<EntityRef, CatalogEntity> related, boolean relatedFailed) {

    /** A scalar field of the spec, shown as "label: value". */
    public record Row(String label, String value, String href) {
    }

    public String titleOf(EntityRef ref) {
        CatalogEntity e = related.get(ref);
        return e == null ? ref.shortName() : e.displayName();
    }
}
