package dev.atrium.catalog.entity;

import dev.atrium.catalog.search.SqlFragment;
import dev.atrium.catalog.store.CopyRows;
import dev.atrium.catalog.store.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Every write to {@code relations} (both directions of every relation, owned by the entity whose spec produced
 * them) and the reads that are about relations themselves: ownership, parts, relation facets. Entity documents
 * attach their relations in {@link EntityRepository}'s SQL (docs/decisions/0005). Methods taking a
 * {@link Connection} join the caller's transaction.
 */
@ApplicationScoped
public class RelationRepository {

    @Inject
    Database db;

    /** One relation row: {@code source --type--> target}, produced by the entity {@code origin}. */
    public record Row(UUID origin, String sourceRef, String type, String targetRef) {
    }

    /** Replaces the relations originated by {@code origins} with {@code rows} (copied in, docs/decisions/0014). */
    public void replace(Connection c, Collection<UUID> origins, List<Row> rows) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM relations WHERE originating_entity_id = ANY(?)")) {
            del.setArray(1, Database.uuidArray(c, origins));
            del.executeUpdate();
        }
        try (CopyRows rel = CopyRows.open(c, "relations", "originating_entity_id", "source_ref", "type", "target_ref")) {
            for (Row r : rows) {
                rel.row(r.origin(), r.sourceRef(), r.type(), r.targetRef());
            }
        }
    }

    /** Deletes the relations an entity originated. */
    public void deleteOriginatingFrom(Connection c, UUID origin) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM relations WHERE originating_entity_id = ?")) {
            ps.setObject(1, origin);
            ps.executeUpdate();
        }
    }

    /** The owners of the entities that are part of {@code ref} (a System or Domain), by their ownedBy relations. */
    public List<String> ownersOfPartsOf(String ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT DISTINCT o.target_ref FROM relations p
                    JOIN relations o ON o.source_ref = p.source_ref AND o.type = 'ownedBy'
                    WHERE p.target_ref = ? AND p.type = 'partOf'""")) {
                ps.setString(1, ref);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** Targets of {@code source --type-->} that exist as entities, sorted. */
    public List<String> existingTargets(Connection c, String source, String type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT r.target_ref FROM relations r JOIN entities e ON e.entity_ref = r.target_ref
                WHERE r.source_ref = ? AND r.type = ? ORDER BY r.target_ref""")) {
            ps.setString(1, source);
            ps.setString(2, type);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * (target ref, count) pairs of the relations of one type (lower case), for a {@code relations.<type>} facet;
     * with {@code where} (over {@code entities e}) only those of the entities it selects, else of all.
     */
    public List<Object[]> targetCounts(String type, SqlFragment where) {
        List<Object> params = new ArrayList<>();
        params.add(type);
        String restrict = "";
        if (where != null) {
            restrict = " AND r.source_ref IN (SELECT e.entity_ref FROM entities e WHERE " + where.sql() + ")";
            params.addAll(where.params());
        }
        String sql = "SELECT r.target_ref, count(*) FROM relations r WHERE lower(r.type) = ?" + restrict + " GROUP BY r.target_ref";
        return db.read(c -> {
            try (PreparedStatement ps = Database.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<Object[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Object[] {rs.getString(1), rs.getLong(2)});
                }
                return out;
            }
        });
    }

    /** Refreshes the planner statistics of the table (after a bulk ingest). */
    public void analyze() {
        db.read(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE relations");
            }
            return null;
        });
    }
}
