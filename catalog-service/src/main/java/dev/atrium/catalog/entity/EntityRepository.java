package dev.atrium.catalog.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.search.SearchRepository;
import dev.atrium.catalog.search.Keyset;
import dev.atrium.catalog.search.SqlFragment;
import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every write to {@code entities}, the final entities, and their reads. Relations are attached at read time
 * from the relations table (see docs/decisions/0005), and the etag is derived from the entity and its
 * relations. Methods taking a {@link Connection} join the caller's transaction (a processing pass writes
 * its outcomes in one).
 */
@ApplicationScoped
public class EntityRepository {
    /**
     * The served document, assembled in SQL: the stored entity with its relations (deduplicated, in a
     * stable order, with the legacy {@code target} object) and an etag over the entity hash and relations.
     */
    static final String DOCUMENT = """
            (SELECT jsonb_set(e.entity, '{metadata,etag}', to_jsonb(left(md5(e.hash || r.rels::text), 24))) || jsonb_build_object('relations', r.rels)
             FROM (SELECT coalesce(jsonb_agg(jsonb_build_object('type', x.type, 'targetRef', x.target_ref,
                          'target', jsonb_build_object('kind', split_part(x.target_ref, ':', 1),
                                                       'namespace', split_part(split_part(x.target_ref, ':', 2), '/', 1),
                                                       'name', split_part(x.target_ref, '/', 2)))
                          ORDER BY x.type, x.target_ref), '[]'::jsonb) AS rels
                   FROM (SELECT DISTINCT type, target_ref FROM relations WHERE source_ref = e.entity_ref) x) r)::text""";

    static final String COLUMNS = "e.entity_id, " + DOCUMENT;

    @Inject
    Database db;

    @Inject
    ObjectMapper mapper;

    @Inject
    ReadCache documents;

    @Inject
    RefreshStateRepository refreshState;

    @Inject
    RelationRepository relations;

    @Inject
    SearchRepository search;

    /** An entity row: its served document as JSON text and the value it was sorted by (for cursors). */
    public record Row(UUID id, byte[] json, String sortValue) {
    }

    public Optional<ObjectNode> byRef(String canonicalRef) {
        return one("e.entity_ref = ?", canonicalRef).map(this::parse);
    }

    public Optional<String> byUidJson(UUID uid) {
        return one("e.entity_id = ?", uid);
    }

    private Optional<String> one(String condition, Object param) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DOCUMENT + " FROM entities e WHERE " + condition)) {
                ps.setObject(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Selects entities. A page (with a limit) is read in two steps: the ids and sort values in order,
     * which index-only scans serve, then the documents and relations of just that page. Without a
     * limit every match is read anyway, so one query does both.
     */
    public List<Row> select(SqlFragment where, SqlFragment sort, String orderBy, List<Object> orderParams,
            Integer limit, Integer offset) {
        boolean paged = limit != null;
        StringBuilder sql = new StringBuilder("SELECT ").append(paged ? "e.entity_id, e.entity_ref" : COLUMNS);
        List<Object> params = new ArrayList<>();
        if (sort != null) {
            sql.append(", ").append(sort.sql()).append(" AS sort_value");
            params.addAll(sort.params());
        }
        sql.append(" FROM entities e WHERE ").append(where.sql());
        params.addAll(where.params());
        if (orderBy != null) {
            sql.append(" ORDER BY ").append(orderBy);
            params.addAll(orderParams);
        }
        // literal numbers: the planner needs the limit to prefer walking an index in sort order
        if (limit != null) {
            sql.append(" LIMIT ").append(Math.max(0, limit));
        }
        if (offset != null && offset > 0) {
            sql.append(" OFFSET ").append(offset);
        }
        if (!paged) {
            return db.read(c -> {
                try (PreparedStatement ps = prepare(c, sql.toString(), params); ResultSet rs = ps.executeQuery()) {
                    List<Row> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Row(rs.getObject(1, UUID.class), rs.getBytes(2), sort != null ? rs.getString(3) : null));
                    }
                    return out;
                }
            });
        }
        record Hit(UUID id, String ref, String sortValue) {
        }
        List<Hit> hits = db.read(c -> {
            List<Hit> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, sql.toString(), params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hit(rs.getObject(1, UUID.class), rs.getString(2), sort != null ? rs.getString(3) : null));
                }
            }
            return out;
        });
        if (hits.isEmpty()) {
            return List.of();
        }
        Map<String, byte[]> docs = documents.getAll(hits.stream().map(Hit::ref).toList(), this::byRefsJson);
        List<Row> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            byte[] doc = docs.get(h.ref());
            if (doc != null) { // deleted between the two reads
                out.add(new Row(h.id(), doc, h.sortValue()));
            }
        }
        return out;
    }

    /** A sort key as the page query needs it: the key, its SQL value, and how it behaves there. */
    public record SortColumn(Keyset.Key key, SqlFragment value, boolean nullable, String cast) {
    }

    /** An entity row of a by-query page: its served document, id and the values it was sorted by. */
    public record PageRow(UUID id, byte[] json, List<String> sortValues) {
    }

    /**
     * One keyset page: at most {@code limit} entities matching {@code where}, in the order of
     * {@code sorts} (reversed when {@code backward}), strictly beyond the anchor when one is given.
     * Sort keys that are plain never-null columns are compared in place, so an index can deliver
     * the order; others (search-table values) are computed once per row in a fenced subquery.
     */
    public List<PageRow> page(SqlFragment where, List<SortColumn> sorts, List<String> anchorValues, String anchorId,
            boolean backward, int limit, Integer offset) {
        boolean inPlace = sorts.stream().allMatch(s -> !s.nullable() && s.value().params().isEmpty());
        List<Keyset.Key> keys = sorts.stream().map(SortColumn::key).toList();
        List<Keyset.Column> columns = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        String idSql;
        if (inPlace) {
            idSql = "e.entity_id";
            sql.append("SELECT e.entity_id, e.entity_ref");
            for (SortColumn s : sorts) {
                sql.append(", ").append(s.value().sql()).append("::text");
                columns.add(new Keyset.Column(s.value().sql(), false, s.cast()));
            }
            sql.append(" FROM entities e WHERE ").append(where.sql());
            params.addAll(where.params());
        } else {
            idSql = "q.entity_id";
            StringBuilder inner = new StringBuilder("SELECT e.entity_id, e.entity_ref");
            sql.append("SELECT q.entity_id, q.entity_ref");
            for (int i = 0; i < sorts.size(); i++) {
                SortColumn s = sorts.get(i);
                inner.append(", ").append(s.value().sql()).append(" AS s").append(i);
                params.addAll(s.value().params());
                sql.append(", q.s").append(i).append("::text");
                columns.add(new Keyset.Column("q.s" + i, s.nullable(), s.cast()));
            }
            inner.append(" FROM entities e WHERE ").append(where.sql());
            params.addAll(where.params());
            // OFFSET 0 keeps the subquery from being flattened, so each sort value is computed once per row
            sql.append(" FROM (").append(inner).append(" OFFSET 0) q WHERE TRUE");
        }
        if (anchorId != null) {
            SqlFragment beyond = Keyset.beyond(keys, columns, idSql, anchorValues, anchorId, backward);
            sql.append(" AND ").append(beyond.sql());
            params.addAll(beyond.params());
        }
        sql.append(" ORDER BY ").append(Keyset.orderBy(keys, columns, idSql, backward));
        // literal numbers: the planner needs the limit to prefer walking an index in sort order
        sql.append(" LIMIT ").append(limit);
        if (offset != null && offset > 0) {
            sql.append(" OFFSET ").append(offset);
        }
        // the entities of a page, reused until anything changes: the documents come from the document cache
        SqlFragment statement = new SqlFragment(sql.toString(), params);
        List<Hit> hits = documents.result("page|" + statement.identity(), () -> db.read(c -> {
            List<Hit> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, statement.sql(), statement.params()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(sorts.size());
                    for (int i = 0; i < sorts.size(); i++) {
                        values.add(rs.getString(3 + i));
                    }
                    out.add(new Hit(rs.getObject(1, UUID.class), rs.getString(2), Collections.unmodifiableList(values)));
                }
            }
            return List.copyOf(out);
        }), EntityRepository::weight);
        if (hits.isEmpty()) {
            return List.of();
        }
        Map<String, byte[]> docs = documents.getAll(hits.stream().map(Hit::ref).toList(), this::byRefsJson);
        List<PageRow> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            byte[] doc = docs.get(h.ref());
            if (doc != null) { // deleted between the two reads
                out.add(new PageRow(h.id(), doc, h.values()));
            }
        }
        return out;
    }

    /** An entity of a page before its document is read: id, ref and sort values. */
    private record Hit(UUID id, String ref, List<String> values) {
    }

    /** Estimated bytes of a page's hits: strings and about 64 bytes of objects each. */
    private static int weight(List<Hit> hits) {
        int w = 16;
        for (Hit h : hits) {
            w += 64 + h.ref().length();
            for (String v : h.values()) {
                w += 16 + (v == null ? 0 : v.length());
            }
        }
        return w;
    }

    /**
     * Streams every entity matching {@code where} in {@code orderBy} order to {@code sink}, holding
     * at most {@code fetchSize} documents in memory: the rows come through a server-side cursor.
     */
    public void stream(SqlFragment where, String orderBy, List<Object> orderParams, Integer offset, int fetchSize,
            DocumentSink sink) {
        StringBuilder sql = new StringBuilder("SELECT ").append(DOCUMENT).append(" FROM entities e WHERE ").append(where.sql());
        List<Object> params = new ArrayList<>(where.params());
        sql.append(" ORDER BY ").append(orderBy);
        params.addAll(orderParams);
        if (offset != null && offset > 0) {
            sql.append(" OFFSET ").append(offset);
        }
        db.read(c -> {
            // the driver only fetches in batches inside a transaction
            c.setAutoCommit(false);
            try (PreparedStatement ps = prepare(c, sql.toString(), params)) {
                ps.setFetchSize(fetchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            sink.accept(rs.getString(1));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    /** Receives streamed documents; may fail with an I/O error when the client goes away. */
    @FunctionalInterface
    public interface DocumentSink {
        void accept(String document) throws IOException;
    }

    /** The served documents of {@code refs} that exist, as the UTF-8 bytes of their JSON text. */
    Map<String, byte[]> byRefsJson(List<String> refs) {
        return db.read(c -> {
            Map<String, byte[]> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.entity_ref, " + DOCUMENT + " FROM entities e WHERE e.entity_ref = ANY(?)")) {
                ps.setArray(1, Database.textArray(c, refs));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // a text value arrives as UTF-8 (the driver's client encoding) and is kept as those bytes
                        out.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Entities matching {@code where}; repeated counts come from the read cache until something changes. When
     * {@code columns} gives the same filter over {@code search_columns} (docs/decisions/0030, asked only when the
     * count is computed) they are counted there while those columns are exact.
     */
    public int count(SqlFragment where, Supplier<SqlFragment> columns) {
        return (int) documents.count(where.identity(), () -> {
            SqlFragment overColumns = columns.get();
            if (overColumns != null) {
                OptionalLong counted = search.countOverColumns(overColumns);
                if (counted.isPresent()) {
                    return counted.getAsLong();
                }
            }
            return countNow(where);
        });
    }

    private int countNow(SqlFragment where) {
        return db.read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT count(*) FROM entities e WHERE " + where.sql(), where.params());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    // ---- Writes (processing passes, deletes) --------------------------------------------------------------

    /** A stored entity as a pass finds it before writing: its document and hash. */
    public record Previous(JsonNode entity, String hash) {
    }

    /** A final entity to store: its id, canonical ref parts, JSON document and hash. */
    public record Upsert(UUID id, String ref, String kind, String namespace, String name, String json, String hash) {
    }

    /** The stored documents and hashes of {@code ids} (missing ones left out). */
    public Map<UUID, Previous> previous(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, Previous> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT entity_id, entity::text, hash FROM entities WHERE entity_id = ANY(?)")) {
            ps.setArray(1, Database.uuidArray(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), new Previous(mapper.readTree(rs.getString(2)), rs.getString(3)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** An entity a pass could not store because another entity already holds its ref (unique {@code entity_ref}). */
    public record Conflict(UUID id, String ref, UUID heldBy, String heldByLocation) {
    }

    /**
     * Stores final entities (a row whose hash is unchanged is left alone), then replaces the {@code status} of
     * entities whose new version is invalid and which keep their last good version ({@code statuses}: id → status JSON).
     * Entities in {@code existing} are updated in place; the others are inserted unless their ref is taken: a
     * concurrent writer's row (the insert waits for its transaction) or any other row with the same ref is kept,
     * and the entity comes back as a {@link Conflict} instead of failing the whole transaction.
     */
    public List<Conflict> write(Connection c, List<Upsert> upserts, Set<UUID> existing, Map<UUID, String> statuses) throws SQLException {
        List<Upsert> inserts = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE entities SET entity = ?::jsonb, hash = ?, updated_at = now() WHERE entity_id = ? AND hash IS DISTINCT FROM ?");
                PreparedStatement statusOnly = c.prepareStatement(
                        "UPDATE entities SET entity = jsonb_set(entity, '{status}', ?::jsonb), updated_at = now() WHERE entity_id = ?")) {
            for (Upsert u : upserts) {
                if (!existing.contains(u.id())) {
                    inserts.add(u);
                    continue;
                }
                update.setString(1, u.json());
                update.setString(2, u.hash());
                update.setObject(3, u.id());
                update.setString(4, u.hash());
                update.addBatch();
            }
            for (Map.Entry<UUID, String> s : statuses.entrySet()) {
                statusOnly.setString(1, s.getValue());
                statusOnly.setObject(2, s.getKey());
                statusOnly.addBatch();
            }
            update.executeBatch();
            List<Conflict> conflicts = insert(c, inserts);
            statusOnly.executeBatch();
            return conflicts;
        }
    }

    /** Inserts new entities in one statement; those whose ref (or id) is taken are left out and returned as conflicts. */
    private List<Conflict> insert(Connection c, List<Upsert> inserts) throws SQLException {
        if (inserts.isEmpty()) {
            return List.of();
        }
        Set<UUID> stored = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO entities (entity_id, entity_ref, kind, namespace, name, entity, hash, updated_at)
                SELECT id, ref, kind, ns, name, doc::jsonb, hash, now()
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS t(id, ref, kind, ns, name, doc, hash)
                ON CONFLICT DO NOTHING RETURNING entity_id""")) {
            ps.setArray(1, Database.uuidArray(c, inserts.stream().map(Upsert::id).toList()));
            ps.setArray(2, Database.textArray(c, inserts.stream().map(Upsert::ref).toList()));
            ps.setArray(3, Database.textArray(c, inserts.stream().map(Upsert::kind).toList()));
            ps.setArray(4, Database.textArray(c, inserts.stream().map(Upsert::namespace).toList()));
            ps.setArray(5, Database.textArray(c, inserts.stream().map(Upsert::name).toList()));
            ps.setArray(6, Database.textArray(c, inserts.stream().map(Upsert::json).toList()));
            ps.setArray(7, Database.textArray(c, inserts.stream().map(Upsert::hash).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<Upsert> refused = inserts.stream().filter(u -> !stored.contains(u.id())).toList();
        if (refused.isEmpty()) {
            return List.of();
        }
        Map<String, Conflict> holders = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT entity_ref, entity_id, entity->'metadata'->'annotations'->>'backstage.io/managed-by-location'
                FROM entities WHERE entity_ref = ANY(?)""")) {
            ps.setArray(1, Database.textArray(c, refused.stream().map(Upsert::ref).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.put(rs.getString(1), new Conflict(null, rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)));
                }
            }
        }
        List<Conflict> out = new ArrayList<>();
        for (Upsert u : refused) {
            Conflict h = holders.get(u.ref());
            out.add(new Conflict(u.id(), u.ref(), h == null ? null : h.heldBy(), h == null ? null : h.heldByLocation()));
        }
        return out;
    }

    /** Marks entities as orphans ({@code backstage.io/orphan: "true"}); returns the (ref, id) of each one marked. */
    public List<Map.Entry<String, UUID>> markOrphaned(Connection c, Collection<String> refs) throws SQLException {
        List<Map.Entry<String, UUID>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE entities SET entity = jsonb_set(entity, '{metadata,annotations}',
                    coalesce(entity->'metadata'->'annotations', '{}'::jsonb) || '{"backstage.io/orphan":"true"}'::jsonb),
                    updated_at = now()
                WHERE entity_ref = ANY(?) RETURNING entity_ref, entity_id""")) {
            ps.setArray(1, Database.textArray(c, refs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.entry(rs.getString(1), rs.getObject(2, UUID.class)));
                }
            }
        }
        return out;
    }

    /**
     * Deletes one entity's rows (not its children): its refresh state, final entity, its search rows and the
     * relations it originated. Records a {@code removed} event when the entity was visible.
     */
    public void deleteOne(Connection c, String ref, List<HistoryRepository.Pending> history) throws SQLException {
        UUID id = refreshState.delete(c, ref);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM entities WHERE entity_ref = ? RETURNING entity_id")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = rs.getObject(1, UUID.class);
                    history.add(new HistoryRepository.Pending(ref, id, "removed", null));
                }
            }
        }
        if (id != null) {
            relations.deleteOriginatingFrom(c, id);
            search.deleteRowsOf(c, id);
        }
    }

    /** The stored (stitched) document of an entity, without its relations; empty when there is none. */
    public Optional<ObjectNode> stored(String ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entity::text FROM entities WHERE entity_ref = ?")) {
                ps.setString(1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of((ObjectNode) mapper.readTree(rs.getString(1))) : Optional.<ObjectNode>empty();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Refreshes the planner statistics of the table (after a bulk ingest). */
    public void analyze() {
        db.read(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE entities");
            }
            return null;
        });
    }


    static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        return Database.prepare(c, sql, params);
    }

    ObjectNode parse(String document) {
        return parse(document.getBytes(StandardCharsets.UTF_8));
    }

    /** A served document, from the UTF-8 bytes of its JSON text. */
    ObjectNode parse(byte[] document) {
        try {
            return (ObjectNode) mapper.readTree(document);
        } catch (IOException e) {
            throw new IllegalStateException("stored entity unreadable", e);
        }
    }
}
