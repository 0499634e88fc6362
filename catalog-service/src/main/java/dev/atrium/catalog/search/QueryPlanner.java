package dev.atrium.catalog.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates filters, full-text terms and sort fields into SQL over the {@code entities} table
 * (alias {@code e}). Hot keys use the entity columns; {@code relations.*} keys use the relations
 * table; everything else the indexed search table.
 */
public final class QueryPlanner {

    private QueryPlanner() {
    }

    /** WHERE condition for a filter. */
    public static SqlFragment where(EntityFilter filter) {
        if (filter.isEmpty()) {
            return SqlFragment.TRUE;
        }
        List<Object> params = new ArrayList<>();
        List<String> ors = new ArrayList<>();
        for (List<EntityFilter.Statement> and : filter.anyOf()) {
            List<String> ands = new ArrayList<>();
            for (EntityFilter.Statement s : and) {
                ands.add(statement(s, params));
            }
            ors.add("(" + String.join(" AND ", ands) + ")");
        }
        return new SqlFragment("(" + String.join(" OR ", ors) + ")", params);
    }

    private static String statement(EntityFilter.Statement s, List<Object> params) {
        String key = s.key();
        String column = switch (key) {
            case "kind" -> "e.kind";
            case "metadata.name" -> "e.name";
            case "metadata.namespace" -> "e.namespace";
            case "metadata.uid" -> "e.entity_id::text";
            default -> null;
        };
        if (column != null) {
            if (s.exists()) {
                return "TRUE";
            }
            if (s.values().size() == 1) {
                // a plain equality lets the (kind, name, entity_id) index also deliver the sort order
                params.add(s.values().get(0));
                return column + " = ?";
            }
            params.add(s.values().toArray(String[]::new));
            return column + " = ANY(?)";
        }
        if (key.startsWith("relations.")) {
            params.add(key.substring("relations.".length()));
            if (s.exists()) {
                return "e.entity_ref IN (SELECT r.source_ref FROM relations r WHERE lower(r.type) = ?)";
            }
            params.add(s.values().toArray(String[]::new));
            return "e.entity_ref IN (SELECT r.source_ref FROM relations r WHERE lower(r.type) = ? AND r.target_ref = ANY(?))";
        }
        params.add(key);
        if (s.exists()) {
            return "e.entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ?)";
        }
        params.add(s.values().toArray(String[]::new));
        return "e.entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ? AND s.value = ANY(?))";
    }

    /** Case-insensitive substring match of {@code term} on any of {@code fields}. */
    public static SqlFragment fullText(String term, List<String> fields) {
        if (term == null || term.isBlank()) {
            return SqlFragment.TRUE;
        }
        String like = "%" + term.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<String> keys = fields.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).filter(f -> !f.isEmpty()).toList();
        return new SqlFragment("e.entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ANY(?) AND s.value LIKE ?)",
                List.of(keys.toArray(String[]::new), like));
    }

    /**
     * Whether {@code field} sorts by an entity column that is never null, so that keyset paging can
     * use a row comparison on {@code (column, entity_id)} that an index range scan serves.
     */
    public static boolean sortsByColumn(String field) {
        return switch (field.trim().toLowerCase(Locale.ROOT)) {
            case "metadata.name", "kind", "metadata.namespace" -> true;
            default -> false;
        };
    }

    /** The SQL expression a field sorts by; lower-cased text, null when the entity lacks the field. */
    public static SqlFragment sortExpression(String field) {
        String f = field.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "metadata.uid" -> new SqlFragment("e.entity_id::text", List.of());
            case "metadata.name" -> new SqlFragment("e.name", List.of());
            case "kind" -> new SqlFragment("e.kind", List.of());
            case "metadata.namespace" -> new SqlFragment("e.namespace", List.of());
            default -> new SqlFragment("(SELECT min(s.value) FROM search s WHERE s.entity_id = e.entity_id AND s.key = ?)", List.of(f));
        };
    }
}
