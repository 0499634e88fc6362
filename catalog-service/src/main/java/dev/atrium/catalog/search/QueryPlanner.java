package dev.atrium.catalog.search;

import dev.atrium.commons.error.InputError;
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

    /** WHERE condition for a filter predicate. */
    public static SqlFragment where(FilterPredicate predicate) {
        List<Object> params = new ArrayList<>();
        String sql = predicate(predicate, params);
        return new SqlFragment(sql, params);
    }

    private static String predicate(FilterPredicate p, List<Object> params) {
        return switch (p) {
            case FilterPredicate.All all -> all.of().isEmpty() ? "TRUE" : join(all.of(), " AND ", params);
            case FilterPredicate.Any any -> any.of().isEmpty() ? "FALSE" : join(any.of(), " OR ", params);
            case FilterPredicate.Not not -> "(NOT " + predicate(not.of(), params) + ")";
            case FilterPredicate.Fields fields -> {
                if (fields.fields().isEmpty()) {
                    yield "TRUE";
                }
                List<String> ands = new ArrayList<>();
                for (FilterPredicate.Field f : fields.fields()) {
                    ands.add(field(f, params));
                }
                yield "(" + String.join(" AND ", ands) + ")";
            }
            case FilterPredicate.Value v -> throw new InputError("Invalid query: a bare value is only allowed inside $contains");
        };
    }

    private static String join(List<FilterPredicate> parts, String op, List<Object> params) {
        List<String> sql = new ArrayList<>();
        for (FilterPredicate part : parts) {
            sql.add(predicate(part, params));
        }
        return "(" + String.join(op, sql) + ")";
    }

    private static String field(FilterPredicate.Field f, List<Object> params) {
        String key = f.key();
        return switch (f.matcher()) {
            case FilterPredicate.Equals e -> statement(new EntityFilter.Statement(key, List.of(e.value())), params);
            case FilterPredicate.In in -> in.values().isEmpty() ? "FALSE" : statement(new EntityFilter.Statement(key, in.values()), params);
            case FilterPredicate.Exists x -> x.exists() ? statement(new EntityFilter.Statement(key, List.of()), params)
                    : "(NOT " + statement(new EntityFilter.Statement(key, List.of()), params) + ")";
            case FilterPredicate.HasPrefix hp -> prefix(key, hp.prefix(), params);
            case FilterPredicate.Contains c -> contains(key, c.element(), params);
        };
    }

    private static String prefix(String key, String prefix, List<Object> params) {
        String like = likeEscape(prefix) + "%";
        String column = column(key);
        if (column != null) {
            params.add(like);
            return column + " LIKE ? ESCAPE '\\'";
        }
        if (key.startsWith("relations.")) {
            params.add(key.substring("relations.".length()));
            params.add(like);
            return "e.entity_ref IN (SELECT r.source_ref FROM relations r WHERE lower(r.type) = ? AND r.target_ref LIKE ? ESCAPE '\\')";
        }
        params.add(key);
        params.add(like);
        return "e.entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ? AND s.value LIKE ? ESCAPE '\\')";
    }

    /**
     * {@code $contains}: array elements are indexed under the array's key, so a primitive element
     * is an equality; on {@code relations}, an element {@code {type, targetRef}} is a relation.
     */
    private static String contains(String key, FilterPredicate element, List<Object> params) {
        if (element instanceof FilterPredicate.Value v) {
            return statement(new EntityFilter.Statement(key, List.of(v.value())), params);
        }
        if (key.equals("relations") && element instanceof FilterPredicate.Fields fields) {
            String type = null;
            FilterPredicate.Matcher target = null;
            for (FilterPredicate.Field f : fields.fields()) {
                if (f.key().equals("type") && f.matcher() instanceof FilterPredicate.Equals e) {
                    type = e.value();
                } else if (f.key().equals("targetref") && (f.matcher() instanceof FilterPredicate.Equals || f.matcher() instanceof FilterPredicate.In)) {
                    target = f.matcher();
                } else {
                    type = null;
                    break;
                }
            }
            if (type != null) {
                String relation = "relations." + type;
                return switch (target) {
                    case null -> statement(new EntityFilter.Statement(relation, List.of()), params);
                    case FilterPredicate.Equals e -> statement(new EntityFilter.Statement(relation, List.of(e.value())), params);
                    case FilterPredicate.In in -> in.values().isEmpty() ? "FALSE" : statement(new EntityFilter.Statement(relation, in.values()), params);
                    default -> throw new IllegalStateException();
                };
            }
        }
        throw new InputError("Invalid query: $contains of \"" + key + "\" supports a value (e.g. {\"metadata.tags\": {\"$contains\": \"java\"}}) "
                + "or, on relations, {\"type\": ..., \"targetRef\": ...}");
    }

    private static String column(String key) {
        return switch (key) {
            case "kind" -> "e.kind";
            case "metadata.name" -> "e.name";
            case "metadata.namespace" -> "e.namespace";
            case "metadata.uid" -> "e.entity_id::text";
            default -> null;
        };
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String statement(EntityFilter.Statement s, List<Object> params) {
        String key = s.key();
        String column = column(key);
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
        String like = "%" + likeEscape(InputError.noNul(term, "full-text term").trim().toLowerCase(Locale.ROOT)) + "%";
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

    /**
     * How a field sorts: its SQL value, whether an entity can lack it (search-table values) and
     * the cast an anchor value needs to compare with it.
     */
    public record SortValue(SqlFragment value, boolean nullable, String cast) {
    }

    /** The sort value of a field in a keyset page: see {@link #sortExpression}. */
    public static SortValue sortValue(String field) {
        String f = field.trim().toLowerCase(Locale.ROOT);
        if (f.equals("metadata.uid")) {
            return new SortValue(new SqlFragment("e.entity_id", List.of()), false, "::uuid");
        }
        return new SortValue(sortExpression(f), !sortsByColumn(f), "");
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
