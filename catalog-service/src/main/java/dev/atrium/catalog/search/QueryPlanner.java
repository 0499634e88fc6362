package dev.atrium.catalog.search;

import dev.atrium.commons.error.InputError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates filters, full-text terms and sort fields into SQL over the {@code entities} table
 * (alias {@code e}). Hot keys use the entity columns; {@code relations.*} keys use the relations
 * table; everything else the indexed search table. Counts and facets may use the same filter over
 * {@code search_columns} (alias {@code f}, {@link #columnsWhere}, docs/decisions/0030).
 */
public final class QueryPlanner {

    private QueryPlanner() {
    }

    /** WHERE condition for a filter, over {@code entities e}. */
    public static SqlFragment where(EntityFilter filter) {
        return new Translator(Over.ENTITIES).filter(filter);
    }

    /** WHERE condition for a filter predicate, over {@code entities e}. */
    public static SqlFragment where(FilterPredicate predicate) {
        return new Translator(Over.ENTITIES).predicate(predicate);
    }

    /**
     * The same condition over {@code search_columns f} (docs/decisions/0030), or empty when the filter names a field
     * that table cannot answer for (relations). Fields without a column there are matched in the search table, as
     * over the entities.
     */
    public static Optional<SqlFragment> columnsWhere(EntityFilter filter) {
        return overColumns(t -> t.filter(filter));
    }

    /** {@link #columnsWhere(EntityFilter)} of a filter predicate. */
    public static Optional<SqlFragment> columnsWhere(FilterPredicate predicate) {
        return overColumns(t -> t.predicate(predicate));
    }

    private static Optional<SqlFragment> overColumns(Function<Translator, SqlFragment> translate) {
        try {
            return Optional.of(translate.apply(new Translator(Over.SEARCH_COLUMNS)));
        } catch (NotCovered e) {
            return Optional.empty();
        }
    }

    /** The table a condition is written over. */
    private enum Over { ENTITIES, SEARCH_COLUMNS }

    /** A field the target table cannot answer for. */
    private static final class NotCovered extends RuntimeException {
        NotCovered() {
            super(null, null, false, false);
        }
    }

    /**
     * One translation of filters and predicates for both tables: only where a field's value is found differs
     * (an entity column, a {@code search_columns} column, or the search table).
     */
    private static final class Translator {
        private final Over over;
        private final String alias;
        private final List<Object> params = new ArrayList<>();

        Translator(Over over) {
            this.over = over;
            this.alias = over == Over.ENTITIES ? "e" : "f";
        }

        SqlFragment filter(EntityFilter filter) {
            if (filter.isEmpty()) {
                return SqlFragment.TRUE;
            }
            List<String> ors = new ArrayList<>();
            for (List<EntityFilter.Statement> and : filter.anyOf()) {
                List<String> ands = new ArrayList<>();
                for (EntityFilter.Statement s : and) {
                    ands.add(statement(s));
                }
                ors.add("(" + String.join(" AND ", ands) + ")");
            }
            return new SqlFragment("(" + String.join(" OR ", ors) + ")", params);
        }

        SqlFragment predicate(FilterPredicate predicate) {
            String sql = sql(predicate);
            return new SqlFragment(sql, params);
        }

        private String sql(FilterPredicate p) {
            return switch (p) {
                case FilterPredicate.All all -> all.of().isEmpty() ? "TRUE" : join(all.of(), " AND ");
                case FilterPredicate.Any any -> any.of().isEmpty() ? "FALSE" : join(any.of(), " OR ");
                case FilterPredicate.Not not -> "(NOT " + sql(not.of()) + ")";
                case FilterPredicate.Fields fields -> {
                    if (fields.fields().isEmpty()) {
                        yield "TRUE";
                    }
                    List<String> ands = new ArrayList<>();
                    for (FilterPredicate.Field f : fields.fields()) {
                        ands.add(field(f));
                    }
                    yield "(" + String.join(" AND ", ands) + ")";
                }
                case FilterPredicate.Value v -> throw new InputError("Invalid query: a bare value is only allowed inside $contains");
            };
        }

        private String join(List<FilterPredicate> parts, String op) {
            List<String> sql = new ArrayList<>();
            for (FilterPredicate part : parts) {
                sql.add(sql(part));
            }
            return "(" + String.join(op, sql) + ")";
        }

        private String field(FilterPredicate.Field f) {
            String key = f.key();
            return switch (f.matcher()) {
                case FilterPredicate.Equals e -> statement(new EntityFilter.Statement(key, List.of(e.value())));
                case FilterPredicate.In in -> in.values().isEmpty() ? "FALSE" : statement(new EntityFilter.Statement(key, in.values()));
                case FilterPredicate.Exists x -> x.exists() ? statement(new EntityFilter.Statement(key, List.of()))
                        : "(NOT " + statement(new EntityFilter.Statement(key, List.of())) + ")";
                case FilterPredicate.HasPrefix hp -> prefix(key, hp.prefix());
                case FilterPredicate.Contains c -> contains(key, c.element());
            };
        }

        private String prefix(String key, String prefix) {
            String like = likeEscape(prefix) + "%";
            Column column = column(key);
            if (column != null) {
                params.add(like);
                if (column.array()) {
                    return "EXISTS (SELECT 1 FROM unnest(" + column.sql() + ") t(v) WHERE t.v LIKE ? ESCAPE '\\')";
                }
                return definite(column, column.sql() + " LIKE ? ESCAPE '\\'");
            }
            if (key.startsWith("relations.")) {
                params.add(key.substring("relations.".length()));
                params.add(like);
                return relation("lower(r.type) = ? AND r.target_ref LIKE ? ESCAPE '\\'");
            }
            params.add(key);
            params.add(like);
            return alias + ".entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ? AND s.value LIKE ? ESCAPE '\\')";
        }

        /**
         * {@code $contains}: array elements are indexed under the array's key, so a primitive element
         * is an equality; on {@code relations}, an element {@code {type, targetRef}} is a relation.
         */
        private String contains(String key, FilterPredicate element) {
            if (element instanceof FilterPredicate.Value v) {
                return statement(new EntityFilter.Statement(key, List.of(v.value())));
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
                        case null -> statement(new EntityFilter.Statement(relation, List.of()));
                        case FilterPredicate.Equals e -> statement(new EntityFilter.Statement(relation, List.of(e.value())));
                        case FilterPredicate.In in -> in.values().isEmpty() ? "FALSE" : statement(new EntityFilter.Statement(relation, in.values()));
                        default -> throw new IllegalStateException();
                    };
                }
            }
            throw new InputError("Invalid query: $contains of \"" + key + "\" supports a value (e.g. {\"metadata.tags\": {\"$contains\": \"java\"}}) "
                    + "or, on relations, {\"type\": ..., \"targetRef\": ...}");
        }

        /** Where a field's value is in the target table, or null when it is looked up in the search table. */
        private Column column(String key) {
            if (key.equals("metadata.uid")) {
                return new Column(alias + ".entity_id::text", false, false);
            }
            if (over == Over.ENTITIES) {
                return switch (key) {
                    case "kind" -> new Column("e.kind", false, false);
                    case "metadata.name" -> new Column("e.name", false, false);
                    case "metadata.namespace" -> new Column("e.namespace", false, false);
                    default -> null;
                };
            }
            if (!SearchColumns.FILTERS.contains(key)) {
                return null;
            }
            // kind and namespace are there for every entity: the columns of an irregular one are never used
            boolean always = SearchColumns.ALWAYS_PRESENT.contains(key);
            return new Column("f." + SearchColumns.COLUMNS.get(key), !always, key.equals(SearchColumns.ARRAY_KEY));
        }

        /** A condition on a column that may be null (a field an entity lacks) as true or false, never null, so that NOT negates it. */
        private static String definite(Column column, String condition) {
            return column.nullable() ? "(" + condition + ") IS TRUE" : condition;
        }

        /** Entities with a relation matching {@code condition} (over {@code relations r}); not answered over search_columns. */
        private String relation(String condition) {
            if (over != Over.ENTITIES) {
                throw new NotCovered();
            }
            return "e.entity_ref IN (SELECT r.source_ref FROM relations r WHERE " + condition + ")";
        }

        private String statement(EntityFilter.Statement s) {
            String key = s.key();
            Column column = column(key);
            if (column != null) {
                if (s.exists()) {
                    return column.nullable() ? column.sql() + " IS NOT NULL" : "TRUE";
                }
                if (column.array()) {
                    params.add(s.values().toArray(String[]::new));
                    return definite(column, column.sql() + " && ?");
                }
                if (s.values().size() == 1) {
                    // a plain equality lets the (kind, name, entity_id) index also deliver the sort order
                    params.add(s.values().get(0));
                    return definite(column, column.sql() + " = ?");
                }
                params.add(s.values().toArray(String[]::new));
                return definite(column, column.sql() + " = ANY(?)");
            }
            if (key.startsWith("relations.")) {
                params.add(key.substring("relations.".length()));
                if (s.exists()) {
                    return relation("lower(r.type) = ?");
                }
                params.add(s.values().toArray(String[]::new));
                return relation("lower(r.type) = ? AND r.target_ref = ANY(?)");
            }
            params.add(key);
            if (s.exists()) {
                return alias + ".entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ?)";
            }
            params.add(s.values().toArray(String[]::new));
            return alias + ".entity_id IN (SELECT s.entity_id FROM search s WHERE s.key = ? AND s.value = ANY(?))";
        }
    }

    /** A column holding a field's value: whether an entity may lack it, whether it is an array of values. */
    private record Column(String sql, boolean nullable, boolean array) {
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
