package dev.atrium.catalog.entity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.search.SqlFragment;
import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads final entities. Relations are attached at read time from the relations table (see
 * docs/decisions/0005), and the etag is derived from the entity and its relations.
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

    /** An entity row: its served document as JSON text and the value it was sorted by (for cursors). */
    public record Row(UUID id, String json, String sortValue) {
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
                        out.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), sort != null ? rs.getString(3) : null));
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
        Map<String, String> docs = documents.getAll(hits.stream().map(Hit::ref).toList(), this::byRefsJson);
        List<Row> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            String doc = docs.get(h.ref());
            if (doc != null) { // deleted between the two reads
                out.add(new Row(h.id(), doc, h.sortValue()));
            }
        }
        return out;
    }

    /** Served documents of the given refs (missing ones left out), in one query. */
    Map<String, String> byRefsJson(List<String> refs) {
        return db.read(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.entity_ref, " + DOCUMENT + " FROM entities e WHERE e.entity_ref = ANY(?)")) {
                ps.setArray(1, Database.textArray(c, refs));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** Entities matching {@code where}; repeated counts come from the read cache until something changes. */
    public int count(SqlFragment where) {
        StringBuilder key = new StringBuilder(where.sql());
        for (Object p : where.params()) {
            key.append('\u0000').append(p instanceof Object[] arr ? Arrays.toString(arr) : String.valueOf(p));
        }
        return (int) documents.count(key.toString(), () -> countNow(where));
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

    /** Runs an arbitrary read returning (value, count) pairs, for facets. */
    public List<Object[]> pairs(String sql, List<Object> params) {
        return db.read(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<Object[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Object[] {rs.getString(1), rs.getLong(2)});
                }
                return out;
            }
        });
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] arr) {
                ps.setArray(i + 1, c.createArrayOf("text", arr));
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    ObjectNode parse(String document) {
        try {
            return (ObjectNode) mapper.readTree(document);
        } catch (IOException e) {
            throw new IllegalStateException("stored entity unreadable", e);
        }
    }
}
