package dev.atrium.catalog.search;

import dev.atrium.catalog.store.CopyRows;
import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Every statement against {@code search}, {@code search_columns}, {@code facet_keys} and {@code facet_counts}.
 * Writes the search table, the flattened rows of every entity, its common fields as columns of one row per entity
 * (docs/decisions/0030), and keeps the facet counts of {@code facet_keys} fields in step with it (migrations V3 and V7, docs/decisions/0014). New rows are copied in
 * with {@code COPY}; the count changes of a transaction are added up in a {@link FacetDeltas} and applied once,
 * in key order, by {@link #applyFacetDeltas} at its end, so hot count rows (kind=Component) are locked only for
 * the last statement before the commit. Rows removed in any other way ({@link #deleteRowsOf} when an entity is deleted, by
 * another instance, by hand) are still counted by the delete trigger. {@link FacetSummary} decides which fields
 * are counted and when the kept counts answer a request; the statements behind it are here.
 */
@ApplicationScoped
public class SearchRepository {
    @Inject
    Database db;

    /** Session setting that tells the delete trigger this transaction counts its own deletes (migration V7). */
    static final String DEFERRED_SETTING = "atrium.facet_counts";

    /**
     * Replaces the search rows of the entities in {@code rows} (entity id → its rows, from {@link SearchIndexer})
     * and adds the resulting count changes to {@code deltas}; their {@code search_columns} rows follow
     * ({@link #copyColumns}).
     */
    public void replace(Connection c, Map<UUID, List<SearchIndexer.Row>> rows, FacetDeltas deltas) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        deleteCounted(c, rows.keySet(), deltas);
        try (CopyRows copy = CopyRows.open(c, "search", "entity_id", "key", "value", "original_value")) {
            for (Map.Entry<UUID, List<SearchIndexer.Row>> e : rows.entrySet()) {
                for (SearchIndexer.Row r : e.getValue()) {
                    copy.row(e.getKey(), r.key(), r.value(), r.originalValue());
                }
            }
        }
        // Read after this transaction locked the search table: a field added to facet_keys since is either seen
        // here or counted by FacetSummary's back-fill, which waits for this transaction (docs/decisions/0014).
        Set<String> counted = facetKeys(c);
        for (List<SearchIndexer.Row> entity : rows.values()) {
            for (SearchIndexer.Row r : entity) {
                if (r.value() != null && counted.contains(r.key())) {
                    deltas.add(r.key(), r.originalValue(), 1);
                }
            }
        }
        copyColumns(c, rows);
    }

    /**
     * Copies in the {@code search_columns} rows of the entities in {@code rows} (entity id → its search rows), as
     * {@link SearchColumns#of} derives them, after their previous rows were deleted: the writer's way and migration
     * V11's, for every existing entity.
     */
    private static void copyColumns(Connection c, Map<UUID, List<SearchIndexer.Row>> rows) throws SQLException {
        try (CopyRows copy = CopyRows.open(c, "search_columns", SearchColumns.COPY_COLUMNS)) {
            for (Map.Entry<UUID, List<SearchIndexer.Row>> e : rows.entrySet()) {
                copy.row(SearchColumns.of(e.getValue()).values(e.getKey()).toArray());
            }
        }
    }

    /**
     * Deletes the search rows and search columns of one entity that is being deleted (the trigger of V8 counts the
     * rows). The only way search rows leave with their entity: since V9 no foreign key cascades (docs/decisions/0026).
     */
    public void deleteRowsOf(Connection c, UUID entityId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM search WHERE entity_id = ?")) {
            ps.setObject(1, entityId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM search_columns WHERE entity_id = ?")) {
            ps.setObject(1, entityId);
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the search rows and search columns of {@code ids}, subtracting what the rows counted from {@code deltas}
     * instead of the trigger.
     */
    private static void deleteCounted(Connection c, Set<UUID> ids, FacetDeltas deltas) throws SQLException {
        setDeferred(c, true);
        try (PreparedStatement ps = c.prepareStatement("""
                WITH d AS (DELETE FROM search WHERE entity_id = ANY(?) RETURNING key, value, original_value),
                     columns AS (DELETE FROM search_columns WHERE entity_id = ANY(?))
                SELECT d.key, d.original_value, count(*) FROM d JOIN facet_keys k ON k.key = d.key
                WHERE d.value IS NOT NULL GROUP BY d.key, d.original_value""")) {
            ps.setArray(1, Database.uuidArray(c, ids));
            ps.setArray(2, Database.uuidArray(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deltas.add(rs.getString(1), rs.getString(2), -rs.getLong(3));
                }
            }
        } finally {
            setDeferred(c, false);
        }
    }

    private static void setDeferred(Connection c, boolean on) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('" + DEFERRED_SETTING + "', ?, true)")) {
            ps.setString(1, on ? "deferred" : "");
            ps.execute();
        }
    }

    private static Set<String> facetKeys(Connection c) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key FROM facet_keys")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** Applies {@code deltas} to the kept counts in one statement, locking the count rows in (field, value) order. */
    public void applyFacetDeltas(Connection c, FacetDeltas deltas) throws SQLException {
        Map<FacetDeltas.Key, Long> changes = deltas.nonZero();
        if (changes.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(changes.size());
        List<String> values = new ArrayList<>(changes.size());
        List<Long> counts = new ArrayList<>(changes.size());
        changes.forEach((k, v) -> {
            keys.add(k.key());
            values.add(k.value());
            counts.add(v);
        });
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO facet_counts (key, value, count)
                SELECT k, v, n FROM unnest(?::text[], ?::text[], ?::bigint[]) AS t(k, v, n)
                ORDER BY 1, 2
                ON CONFLICT (key, value) DO UPDATE SET count = facet_counts.count + EXCLUDED.count""")) {
            ps.setArray(1, Database.textArray(c, keys));
            ps.setArray(2, Database.textArray(c, values));
            ps.setArray(3, c.createArrayOf("bigint", counts.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Counts {@code wanted} fields from now on: the ones not in {@code facet_keys} yet are added and their counts
     * built from the search table while writes to it wait, so the counts are exact from then on. Returns the
     * fields added.
     */
    public List<String> keepCountsFor(Collection<String> wanted) {
        return db.inTransaction(c -> {
            List<String> fresh = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE facet_keys IN EXCLUSIVE MODE");
            }
            Set<String> present = new LinkedHashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key FROM facet_keys")) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
            for (String key : wanted) {
                if (!present.contains(key)) {
                    fresh.add(key);
                }
            }
            if (fresh.isEmpty()) {
                return fresh;
            }
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE search IN SHARE MODE");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO facet_keys (key) SELECT unnest(?::text[])")) {
                ps.setArray(1, Database.textArray(c, fresh));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO facet_counts (key, value, count)
                    SELECT key, original_value, count(*) FROM search
                    WHERE key = ANY(?) AND value IS NOT NULL GROUP BY key, original_value""")) {
                ps.setArray(1, Database.textArray(c, fresh));
                ps.executeUpdate();
            }
            return fresh;
        });
    }

    /** The kept count of search rows of a counted field whose value (lower case) is one of {@code values}. */
    public long keptCount(String key, Collection<String> values) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(sum(count), 0) FROM facet_counts WHERE key = ? AND lower(value) = ANY(?)")) {
                ps.setString(1, key);
                ps.setArray(2, Database.textArray(c, values));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** (original value, count) pairs of a counted field from the kept counts, zero counts left out. */
    public List<Object[]> keptCounts(String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value, count FROM facet_counts WHERE key = ? AND count > 0")) {
                ps.setString(1, key);
                List<Object[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getString(1), rs.getLong(2)});
                    }
                }
                return out;
            }
        });
    }

    /**
     * (original value, count) pairs of each of {@code keys} grouped from the search table, for facets, in one
     * statement; with {@code where} (over {@code entities e}) only the rows of the entities it selects, else all.
     * The filter is evaluated once for all keys (a materialized set of entity ids, joined by id), not once per
     * key: a side bar asks for four facets, and at 500k entities each evaluation of a broad filter cost hundreds
     * of milliseconds (docs/decisions/0029). Keys without rows map to an empty list.
     */
    public Map<String, List<Object[]>> valueCounts(Collection<String> keys, SqlFragment where) {
        List<Object> params = new ArrayList<>();
        String sql;
        if (where == null) {
            sql = "SELECT s.key, s.original_value, count(*) FROM search s WHERE s.key = ANY(?) AND s.value IS NOT NULL"
                    + " GROUP BY s.key, s.original_value";
        } else {
            sql = "WITH m AS MATERIALIZED (SELECT e.entity_id FROM entities e WHERE " + where.sql() + ")"
                    + " SELECT s.key, s.original_value, count(*) FROM m JOIN search s ON s.entity_id = m.entity_id"
                    + " WHERE s.key = ANY(?) AND s.value IS NOT NULL GROUP BY s.key, s.original_value";
            params.addAll(where.params());
        }
        params.add(keys.toArray(String[]::new));
        return db.read(c -> {
            Map<String, List<Object[]>> out = new LinkedHashMap<>();
            keys.forEach(k -> out.put(k, new ArrayList<>()));
            try (PreparedStatement ps = Database.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.get(rs.getString(1)).add(new Object[] {rs.getString(2), rs.getLong(3)});
                }
            }
            return out;
        });
    }

    /**
     * Derives the {@code search_columns} rows of up to {@code limit} stored entities after {@code after} (in id order,
     * from the start when null) from their search rows, as the writer would have: migration V11's back-fill, into the
     * table V10 has just made (empty). Returns the last entity id done, or null when there was none left.
     */
    public static UUID fillColumnsAfter(Connection c, UUID after, int limit) throws SQLException {
        List<UUID> ids = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entity_id FROM entities WHERE ?::uuid IS NULL OR entity_id > ?::uuid ORDER BY entity_id LIMIT ?")) {
            ps.setObject(1, after);
            ps.setObject(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (ids.isEmpty()) {
            return null;
        }
        Map<UUID, List<SearchIndexer.Row>> rows = new LinkedHashMap<>();
        ids.forEach(id -> rows.put(id, new ArrayList<>()));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entity_id, key, value, original_value FROM search WHERE entity_id = ANY(?) AND key = ANY(?)")) {
            ps.setArray(1, Database.uuidArray(c, ids));
            ps.setArray(2, Database.textArray(c, SearchColumns.keys()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.get(rs.getObject(1, UUID.class)).add(new SearchIndexer.Row(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        copyColumns(c, rows);
        return ids.get(ids.size() - 1);
    }

    /**
     * The number of entities {@code where} (over {@code search_columns f}, {@link QueryPlanner#columnsWhere})
     * selects, or empty while an irregular entity makes the columns inexact (migration V10).
     */
    public OptionalLong countOverColumns(SqlFragment where) {
        return db.read(c -> {
            if (anyIrregular(c)) {
                return OptionalLong.empty();
            }
            try (PreparedStatement ps = Database.prepare(c, "SELECT count(*) FROM search_columns f WHERE " + where.sql(), where.params());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return OptionalLong.of(rs.getLong(1));
            }
        });
    }

    /**
     * (original value, count) pairs of each of {@code keys} ({@link SearchColumns#groups}) over the entities
     * {@code where} selects (over {@code search_columns f}), in one scan (one grouping set per key): the same pairs
     * {@link #valueCounts} groups from the search table. Empty while an irregular entity makes the columns inexact.
     */
    public Optional<Map<String, List<Object[]>>> columnValueCounts(Collection<String> keys, SqlFragment where) {
        List<String> ordered = List.copyOf(new LinkedHashSet<>(keys));
        boolean tags = ordered.contains(SearchColumns.ARRAY_KEY);
        List<String> values = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String key = ordered.get(i);
            if (key.equals(SearchColumns.ARRAY_KEY)) {
                values.add("t.v");
            } else {
                String column = "f." + SearchColumns.COLUMNS.get(key);
                expressions.add("coalesce(" + column + "_original, " + column + ") AS c" + i);
                values.add("v.c" + i);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT GROUPING(").append(String.join(", ", values)).append("), ")
                .append(String.join(", ", values))
                // with tags unnested an entity has a row per tag: the other fields count each entity once
                .append(tags ? ", count(*) FILTER (WHERE t.n IS NULL OR t.n = 1), count(t.v)" : ", count(*), count(*)")
                .append(" FROM search_columns f");
        if (!expressions.isEmpty()) {
            sql.append(" CROSS JOIN LATERAL (SELECT ").append(String.join(", ", expressions)).append(") v");
        }
        if (tags) {
            sql.append(" LEFT JOIN LATERAL unnest(coalesce(f.tags_original, f.tags)) WITH ORDINALITY t(v, n) ON true");
        }
        sql.append(" WHERE ").append(where.sql()).append(" GROUP BY GROUPING SETS (")
                .append(String.join(", ", values.stream().map(v -> "(" + v + ")").toList())).append(')');
        return db.read(c -> {
            if (anyIrregular(c)) {
                return Optional.empty();
            }
            Map<String, List<Object[]>> out = new LinkedHashMap<>();
            ordered.forEach(k -> out.put(k, new ArrayList<>()));
            int n = ordered.size();
            try (PreparedStatement ps = Database.prepare(c, sql.toString(), where.params()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // GROUPING sets the bit of every value not grouped in the row's set: one bit is clear
                    int notGrouped = rs.getInt(1);
                    int i = n - 1 - Integer.numberOfTrailingZeros(~notGrouped);
                    String value = rs.getString(2 + i);
                    if (value == null) {
                        continue; // entities without the field
                    }
                    String key = ordered.get(i);
                    long count = key.equals(SearchColumns.ARRAY_KEY) ? rs.getLong(3 + n) : rs.getLong(2 + n);
                    out.get(key).add(new Object[] {value, count});
                }
            }
            return Optional.of(out);
        });
    }

    private static boolean anyIrregular(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM search_columns WHERE irregular)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Refreshes the planner statistics of the search table (after a bulk ingest). */
    public void analyze() {
        db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE search, search_columns");
            }
            return null;
        });
    }
}
