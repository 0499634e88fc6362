package dev.atrium.catalog.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset (cursor) paging over an order of one or more sort keys, with the entity id as the final
 * tie-break (see docs/decisions/0011). The forward order is: each key in its direction, entities
 * lacking a key last (in either direction), then the id in the direction of the last key. A page
 * starts strictly after an anchor row when paging forward, or ends strictly before it when paging
 * backward; a backward page is read in the exact reverse order and then turned around.
 * <p>
 * {@link #comparator} is the same order in Java and {@link #page} the page logic, so both can be
 * checked without a database.
 */
public final class Keyset {

    private Keyset() {
    }

    /** One sort key: a field and its direction. */
    public record Key(String field, boolean ascending) {
    }

    /**
     * How a key appears in SQL: its value expression, whether it can be null (a search-table value
     * the entity may lack) and the cast its anchor parameter needs ({@code ::uuid} for the uid).
     */
    public record Column(String sql, boolean nullable, String cast) {
    }

    /** A page cut from the rows read for it, with whether pages exist on either side. */
    public record Page<R>(List<R> rows, boolean hasNext, boolean hasPrev) {
    }

    /** The id tie-break follows the last key's direction, so an index on (key, id) serves single-key orders. */
    static boolean idAscending(List<Key> keys) {
        return keys.isEmpty() || keys.get(keys.size() - 1).ascending();
    }

    /** Whether the last key is the id itself (metadata.uid): then it needs no tie-break. */
    private static boolean endsWithId(List<Key> keys, List<Column> columns, String idSql) {
        return !keys.isEmpty() && columns.get(keys.size() - 1).sql().equals(idSql);
    }

    /** ORDER BY terms for reading forward, or backward (the exact reverse). */
    public static String orderBy(List<Key> keys, List<Column> columns, String idSql, boolean backward) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Column c = columns.get(i);
            String dir = keys.get(i).ascending() != backward ? "ASC" : "DESC";
            terms.add(c.sql() + " " + dir + (c.nullable() ? (backward ? " NULLS FIRST" : " NULLS LAST") : ""));
        }
        if (!endsWithId(keys, columns, idSql)) {
            terms.add(idSql + " " + (idAscending(keys) != backward ? "ASC" : "DESC"));
        }
        return String.join(", ", terms);
    }

    /**
     * The rows strictly after the anchor in the forward order ({@code backward} false) or strictly
     * before it ({@code backward} true). {@code anchorValues} holds the anchor's value of each key,
     * null where it lacks the field.
     */
    public static SqlFragment beyond(List<Key> keys, List<Column> columns, String idSql, List<String> anchorValues,
            String anchorId, boolean backward) {
        boolean idAsc = idAscending(keys);
        boolean rowComparison = true;
        for (int i = 0; i < keys.size(); i++) {
            rowComparison &= !columns.get(i).nullable() && anchorValues.get(i) != null && keys.get(i).ascending() == idAsc;
        }
        List<Object> params = new ArrayList<>();
        if (rowComparison) {
            // one row comparison that a (key..., id) index range scan serves
            List<String> left = new ArrayList<>();
            List<String> right = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                left.add(columns.get(i).sql());
                right.add("?" + columns.get(i).cast());
                params.add(anchorValues.get(i));
            }
            if (!endsWithId(keys, columns, idSql)) {
                left.add(idSql);
                right.add("?::uuid");
                params.add(anchorId);
            }
            String op = idAsc != backward ? ">" : "<";
            return new SqlFragment("(" + String.join(", ", left) + ") " + op + " (" + String.join(", ", right) + ")", params);
        }
        // (k1 beyond a1) OR (k1 = a1 AND k2 beyond a2) OR ... OR (k1 = a1 AND ... AND id beyond anchor)
        List<String> alternatives = new ArrayList<>();
        List<String> equalPrefix = new ArrayList<>();
        List<Object> prefixParams = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Column c = columns.get(i);
            String v = anchorValues.get(i);
            boolean asc = keys.get(i).ascending();
            String strict;
            List<Object> strictParams = new ArrayList<>();
            if (v == null) {
                // nulls come last: nothing follows a null within this key, every value precedes it
                strict = backward ? c.sql() + " IS NOT NULL" : null;
            } else if (!backward) {
                strict = "(" + c.sql() + (asc ? " > " : " < ") + "?" + c.cast() + (c.nullable() ? " OR " + c.sql() + " IS NULL" : "") + ")";
                strictParams.add(v);
            } else {
                strict = c.sql() + (asc ? " < " : " > ") + "?" + c.cast();
                strictParams.add(v);
            }
            if (strict != null) {
                alternatives.add(and(equalPrefix, strict));
                params.addAll(prefixParams);
                params.addAll(strictParams);
            }
            if (v == null) {
                equalPrefix.add(c.sql() + " IS NULL");
            } else {
                equalPrefix.add(c.sql() + " = ?" + c.cast());
                prefixParams.add(v);
            }
        }
        if (!endsWithId(keys, columns, idSql)) {
            alternatives.add(and(equalPrefix, idSql + (idAsc != backward ? " > " : " < ") + "?::uuid"));
            params.addAll(prefixParams);
            params.add(anchorId);
        }
        return new SqlFragment("(" + String.join(" OR ", alternatives) + ")", params);
    }

    private static String and(List<String> prefix, String last) {
        if (prefix.isEmpty()) {
            return last;
        }
        return "(" + String.join(" AND ", prefix) + " AND " + last + ")";
    }

    /** The forward order in Java: the same rules as {@link #orderBy}, with plain string comparison. */
    public static <R> Comparator<R> comparator(List<Key> keys, Function<R, List<String>> values, Function<R, String> id) {
        boolean idAsc = idAscending(keys);
        return (a, b) -> {
            List<String> va = values.apply(a);
            List<String> vb = values.apply(b);
            for (int i = 0; i < keys.size(); i++) {
                String x = va.get(i);
                String y = vb.get(i);
                if (x == null || y == null) {
                    if (x != null || y != null) {
                        return x == null ? 1 : -1; // nulls last in either direction
                    }
                    continue;
                }
                int c = x.compareTo(y);
                if (c != 0) {
                    return keys.get(i).ascending() ? c : -c;
                }
            }
            int c = id.apply(a).compareTo(id.apply(b));
            return idAsc ? c : -c;
        };
    }

    /**
     * Cuts a page from the rows read for it: up to {@code pageSize + 1} rows in reading order
     * (reverse order when {@code backward}); the extra row only says that more rows exist.
     *
     * @param fromAnchor whether the page starts at a cursor's anchor (not the query's first page)
     * @param afterOffset whether a first page skipped rows with an offset
     */
    public static <R> Page<R> page(List<R> read, int pageSize, boolean fromAnchor, boolean backward, boolean afterOffset) {
        boolean more = read.size() > pageSize;
        List<R> rows = new ArrayList<>(more ? read.subList(0, pageSize) : read);
        if (backward) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new Page<>(rows, false, false);
        }
        // a backward page ends just before its anchor, so the anchor (and what follows) is next
        boolean hasNext = backward || more;
        boolean hasPrev = backward ? more : fromAnchor || afterOffset;
        return new Page<>(rows, hasNext, hasPrev);
    }
}
