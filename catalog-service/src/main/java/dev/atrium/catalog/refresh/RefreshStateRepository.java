package dev.atrium.catalog.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.store.Database;
import dev.atrium.catalog.store.EntityIds;
import dev.atrium.commons.security.AtriumUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The processing queue: every statement against {@code refresh_state} (one row per entity the
 * loop knows, due at {@code next_update_at}) and {@code refresh_state_references} (which parent
 * emitted which entity). Methods taking a {@link Connection} join the caller's transaction. The
 * claim and {@link #registrantOfLocation} read the registrant of a location from {@code locations}
 * (which {@code LocationRepository} writes).
 */
@ApplicationScoped
public class RefreshStateRepository {

    @Inject
    Database db;

    @Inject
    ObjectMapper mapper;

    /** A child to upsert: a parent emitted it from {@code locationKey}. */
    public record ChildRow(String ref, String entityJson, String locationKey, UUID originLocationId, boolean reclaimedOrphan) {
    }

    /** An existing row of a child: where it was read from, and whether another parent also emits it. */
    public record Existing(String locationKey, boolean claimedElsewhere) {
    }

    /** The schedule and errors a pass leaves on a row. */
    public record Schedule(UUID entityId, String errorsJson, String resultHash, double dueSeconds) {
    }

    /** One row read through a location, for its status. */
    public record StatusRow(String entityRef, String errorsJson, OffsetDateTime lastProcessedAt, boolean visible, boolean root) {
    }

    /**
     * Claims up to {@code limit} due rows, leasing them so no other instance takes them meanwhile.
     * The rows carry a fresh fencing token; Location rows carry the registrant of their origin.
     */
    public List<Claimed> claim(int limit, Duration lease) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH due AS (
                        SELECT entity_id FROM refresh_state
                        WHERE next_update_at <= now()
                        ORDER BY next_update_at
                        LIMIT ?
                        FOR UPDATE SKIP LOCKED),
                    token AS (SELECT nextval('refresh_state_lease_seq') AS t)
                    UPDATE refresh_state rs SET next_update_at = now() + make_interval(secs => ?), lease_token = token.t
                    FROM due, token WHERE rs.entity_id = due.entity_id
                    RETURNING rs.entity_id, rs.entity_ref, rs.unprocessed_entity::text, rs.location_key,
                              rs.origin_location_id, rs.result_hash,
                              EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = rs.entity_id),
                              NOT EXISTS (SELECT 1 FROM refresh_state_references r WHERE r.target_entity_ref = rs.entity_ref),
                              rs.errors IS NULL, rs.lease_token,
                              CASE WHEN rs.entity_ref LIKE 'location:%'
                                   THEN (SELECT l.registrant::text FROM locations l WHERE l.id = rs.origin_location_id) END
                    """)) {
                ps.setInt(1, limit);
                ps.setDouble(2, lease.toMillis() / 1000.0);
                List<Claimed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Claimed(rs.getObject(1, UUID.class), rs.getString(2),
                                (ObjectNode) mapper.readTree(rs.getString(3)), rs.getString(4),
                                rs.getObject(5, UUID.class), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9),
                                rs.getLong(10), registrant(rs.getString(11))));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return out;
            }
        });
    }

    /** The registrant as stored with a location ({@code {subject, username, groups, admin}}). */
    public AtriumUser registrant(String json) throws IOException {
        if (json == null) {
            return null;
        }
        JsonNode r = mapper.readTree(json);
        Set<String> groups = new LinkedHashSet<>();
        r.path("groups").forEach(g -> groups.add(g.asText()));
        return new AtriumUser(r.path("subject").asText(""), r.path("username").asText(""), groups, r.path("admin").asBoolean(false));
    }

    /** The stored form of a registrant. */
    public String registrantJson(AtriumUser user) {
        ObjectNode r = mapper.createObjectNode();
        r.put("subject", user.subject());
        r.put("username", user.username());
        user.groupRefs().stream().sorted().forEach(r.putArray("groups")::add);
        r.put("admin", user.platformAdmin());
        return r.toString();
    }

    /** Makes rows claimed by a failed pass due again after {@code delay}, instead of after their lease. */
    public void release(List<Claimed> claimed, Duration delay) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE refresh_state SET next_update_at = now() + make_interval(secs => ?) WHERE entity_id = ANY(?) AND next_update_at > now()")) {
                ps.setDouble(1, delay.toMillis() / 1000.0);
                ps.setArray(2, Database.uuidArray(c, claimed.stream().map(Claimed::entityId).toList()));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Locks the rows of a pass that still carry its fencing token and returns their ids; rows a
     * newer pass has claimed since (after this pass's lease ran out) are left out.
     */
    public Set<UUID> fence(Connection c, Collection<Claimed> rows) throws SQLException {
        Set<UUID> owned = new HashSet<>();
        Map<Long, List<UUID>> byToken = new HashMap<>();
        rows.forEach(r -> byToken.computeIfAbsent(r.leaseToken(), k -> new ArrayList<>()).add(r.entityId()));
        for (Map.Entry<Long, List<UUID>> e : byToken.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT entity_id FROM refresh_state WHERE entity_id = ANY(?) AND lease_token = ? ORDER BY entity_id FOR UPDATE")) {
                ps.setArray(1, Database.uuidArray(c, e.getValue()));
                ps.setLong(2, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        owned.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        }
        return owned;
    }

    /** Existing rows among {@code refs}, and whether a parent other than {@code parent} references them. */
    public Map<String, Existing> existing(Connection c, String parent, Collection<String> refs) throws SQLException {
        Map<String, Existing> existing = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT rs.entity_ref, rs.location_key,
                       EXISTS (SELECT 1 FROM refresh_state_references r
                               WHERE r.target_entity_ref = rs.entity_ref AND r.source_entity_ref IS DISTINCT FROM ?)
                FROM refresh_state rs WHERE rs.entity_ref = ANY(?)""")) {
            ps.setString(1, parent);
            ps.setArray(2, Database.textArray(c, refs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), new Existing(rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return existing;
    }

    /** Refs a Location entity emitted on its last pass. */
    public Set<String> childrenOf(Connection c, String parent) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT target_entity_ref FROM refresh_state_references WHERE source_entity_ref = ?")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Inserts or updates children; a child whose document and location are unchanged keeps its
     * schedule (a reclaimed orphan is made due to drop its mark).
     */
    /** Children upserted per executed batch. */
    private static final int CHILD_BATCH = 1_000;

    public void upsertChildren(Connection c, List<ChildRow> children) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, location_key, origin_location_id, next_update_at)
                VALUES (?, ?, ?::jsonb, ?, ?, now())
                ON CONFLICT (entity_ref) DO UPDATE SET
                    unprocessed_entity = EXCLUDED.unprocessed_entity,
                    location_key = EXCLUDED.location_key,
                    origin_location_id = EXCLUDED.origin_location_id,
                    next_update_at = now()
                WHERE refresh_state.unprocessed_entity IS DISTINCT FROM EXCLUDED.unprocessed_entity
                   OR refresh_state.location_key IS DISTINCT FROM EXCLUDED.location_key
                   OR ?""")) {
            int batched = 0;
            for (ChildRow ch : children) {
                ps.setObject(1, EntityIds.next());
                ps.setString(2, ch.ref());
                ps.setString(3, ch.entityJson());
                ps.setString(4, ch.locationKey());
                ps.setObject(5, ch.originLocationId());
                ps.setBoolean(6, ch.reclaimedOrphan());
                ps.addBatch();
                // the driver keeps every batched parameter until it executes: bound that memory
                if (++batched % CHILD_BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Records that {@code parent} emits {@code refs}. */
    public void addReferences(Connection c, String parent, Collection<String> refs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO refresh_state_references (source_entity_ref, target_entity_ref) VALUES (?, ?)")) {
            for (String r : refs) {
                ps.setString(1, parent);
                ps.setString(2, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records that {@code parent} no longer emits {@code refs}. */
    public void removeReferences(Connection c, String parent, Collection<String> refs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM refresh_state_references WHERE source_entity_ref = ? AND target_entity_ref = ANY(?)")) {
            ps.setString(1, parent);
            ps.setArray(2, Database.textArray(c, refs));
            ps.executeUpdate();
        }
    }

    /** Removes every reference {@code parent} holds and returns the refs it emitted. */
    public List<String> removeReferencesFrom(Connection c, String parent) throws SQLException {
        List<String> children = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM refresh_state_references WHERE source_entity_ref = ? RETURNING target_entity_ref")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    children.add(rs.getString(1));
                }
            }
        }
        return children;
    }

    /** The refs among {@code refs} that no parent references. */
    public List<String> unreferenced(Connection c, Collection<String> refs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r FROM unnest(?::text[]) r
                WHERE NOT EXISTS (SELECT 1 FROM refresh_state_references x WHERE x.target_entity_ref = r)""")) {
            ps.setArray(1, Database.textArray(c, refs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Makes rows due now and forgets their result hash, so they are processed in full; returns how many exist. */
    public int makeDue(Connection c, Collection<String> refs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_state SET next_update_at = now(), result_hash = NULL WHERE entity_ref = ANY(?)")) {
            ps.setArray(1, Database.textArray(c, refs));
            return ps.executeUpdate();
        }
    }

    /** Makes rows due now; returns how many exist. */
    public int makeDue(Collection<String> refs) {
        return db.inTransaction(c -> makeDue(c, refs));
    }

    /** Deletes one row and every reference to it; returns its entity id, or null when there was none. */
    public UUID delete(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_state_references WHERE target_entity_ref = ?")) {
            ps.setString(1, ref);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_state WHERE entity_ref = ? RETURNING entity_id")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    /** Leaves a pass's errors, result hash and next due time on its rows (the claim's lease is replaced). */
    public void reschedule(Connection c, List<Schedule> schedules) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE refresh_state SET errors = ?::jsonb, last_processed_at = now(),
                    result_hash = CASE WHEN next_update_at > now() THEN ? ELSE result_hash END,
                    next_update_at = CASE WHEN next_update_at > now() THEN now() + make_interval(secs => ?) ELSE next_update_at END
                WHERE entity_id = ?""")) {
            // The claim leased each row into the future. A row made due during this pass (its input
            // replaced by a parent in the same pass, orphaned, or refreshed) keeps that schedule.
            for (Schedule s : schedules) {
                if (s.errorsJson() == null) {
                    ps.setNull(1, Types.VARCHAR);
                } else {
                    ps.setString(1, s.errorsJson());
                }
                ps.setString(2, s.resultHash());
                ps.setDouble(3, s.dueSeconds());
                ps.setObject(4, s.entityId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records a row whose outcome could not be written: its errors, and a retry after {@code delay}. */
    public void recordFailure(Claimed row, String errorsJson, Duration delay) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE refresh_state SET errors = ?::jsonb, last_processed_at = now(), result_hash = NULL,
                        next_update_at = now() + make_interval(secs => ?)
                    WHERE entity_id = ? AND lease_token = ?""")) {
                ps.setString(1, errorsJson);
                ps.setDouble(2, delay.toMillis() / 1000.0);
                ps.setObject(3, row.entityId());
                ps.setLong(4, row.leaseToken());
                return ps.executeUpdate();
            }
        });
    }

    /** Stores the generated Location entity of a newly registered location and its root reference. */
    public void insertRoot(Connection c, UUID locationId, String ref, String entityJson, String locationKey, String errorsJson)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, location_key, origin_location_id, next_update_at, errors)
                VALUES (?, ?, ?::jsonb, ?, ?, now(), ?::jsonb)
                ON CONFLICT (entity_ref) DO UPDATE SET unprocessed_entity = EXCLUDED.unprocessed_entity,
                    location_key = EXCLUDED.location_key, origin_location_id = EXCLUDED.origin_location_id,
                    next_update_at = now(), errors = EXCLUDED.errors""")) {
            ps.setObject(1, EntityIds.next());
            ps.setString(2, ref);
            ps.setString(3, entityJson);
            ps.setString(4, locationKey);
            ps.setObject(5, locationId);
            if (errorsJson == null) {
                ps.setNull(6, Types.VARCHAR);
            } else {
                ps.setString(6, errorsJson);
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO refresh_state_references (source_location_id, target_entity_ref) VALUES (?, ?)")) {
            ps.setObject(1, locationId);
            ps.setString(2, ref);
            ps.executeUpdate();
        }
    }

    /**
     * Locks every row read through a registered location, so that a pass writing one of them
     * finishes before the location is removed (or finds its rows gone and writes nothing).
     */
    public void lockLocation(Connection c, UUID locationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entity_id FROM refresh_state WHERE origin_location_id = ? ORDER BY entity_id FOR UPDATE")) {
            ps.setObject(1, locationId);
            ps.executeQuery().close();
        }
    }

    /** Removes the root references of a registered location and returns the refs they pointed at. */
    public List<String> removeLocationReferences(Connection c, UUID locationId) throws SQLException {
        List<String> roots = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM refresh_state_references WHERE source_location_id = ? RETURNING target_entity_ref")) {
            ps.setObject(1, locationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    roots.add(rs.getString(1));
                }
            }
        }
        return roots;
    }

    /** Every row read through a registered location, by ref. */
    public List<StatusRow> statusOf(UUID locationId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT rs.entity_ref, rs.errors::text, rs.last_processed_at,
                           EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = rs.entity_id),
                           EXISTS (SELECT 1 FROM refresh_state_references r WHERE r.source_location_id = ? AND r.target_entity_ref = rs.entity_ref)
                    FROM refresh_state rs WHERE rs.origin_location_id = ? ORDER BY rs.entity_ref""")) {
                ps.setObject(1, locationId);
                ps.setObject(2, locationId);
                List<StatusRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StatusRow(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                                rs.getBoolean(4), rs.getBoolean(5)));
                    }
                }
                return out;
            }
        });
    }

    /** The owners ({@code spec.owner}, as written) of the entities read through a location, Locations excepted; null for none. */
    public List<String> ownersIn(UUID locationId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT unprocessed_entity->'spec'->>'owner' FROM refresh_state WHERE origin_location_id = ? AND lower(unprocessed_entity->>'kind') <> 'location'")) {
                ps.setObject(1, locationId);
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

    /** The registered location an entity was read through, or null. */
    public UUID originOf(String ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT origin_location_id FROM refresh_state WHERE entity_ref = ?")) {
                ps.setString(1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, UUID.class) : null;
                }
            }
        });
    }

    /** The stored registrant of a registered location, or null. */
    public String registrantOfLocation(UUID locationId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT registrant::text FROM locations WHERE id = ?")) {
                ps.setObject(1, locationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The Location entities that emit an entity, sorted. */
    public List<String> parentsOf(String ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source_entity_ref FROM refresh_state_references WHERE target_entity_ref = ? AND source_entity_ref IS NOT NULL ORDER BY 1")) {
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

    /** Makes every leased or waiting row due within {@code spreadSeconds} (rules or version changed); returns how many. */
    public int requeueAll(Connection c, double spreadSeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_state SET next_update_at = now() + random() * make_interval(secs => ?) WHERE next_update_at > now()")) {
            ps.setDouble(1, spreadSeconds);
            return ps.executeUpdate();
        }
    }

    /** The unprocessed documents of one kind (lower-case), by ref. */
    public List<Map.Entry<String, String>> unprocessedOfKind(Connection c, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entity_ref, unprocessed_entity::text FROM refresh_state WHERE lower(unprocessed_entity->>'kind') = ? ORDER BY entity_ref")) {
            ps.setString(1, kind);
            List<Map.Entry<String, String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.entry(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        }
    }

    /** Makes every row of one kind (lower-case) due now. */
    public void makeKindDue(Connection c, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_state SET next_update_at = now() WHERE lower(unprocessed_entity->>'kind') = ?")) {
            ps.setString(1, kind);
            ps.executeUpdate();
        }
    }

    /** How many rows are due now, on every instance together, and how long the oldest of them has waited. */
    public record Backlog(long due, double lagSeconds) {
    }

    /** The processing backlog, for the loop's meters. */
    public Backlog backlog() {
        return db.read(c -> {
            try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT count(*), coalesce(extract(epoch FROM now() - min(next_update_at)), 0)
                    FROM refresh_state WHERE next_update_at <= now()""")) {
                rs.next();
                return new Backlog(rs.getLong(1), rs.getDouble(2));
            }
        });
    }

    /** Refreshes the planner statistics of the queue (after a bulk ingest). */
    public void analyze() {
        db.read(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE refresh_state");
            }
            return null;
        });
    }
}
