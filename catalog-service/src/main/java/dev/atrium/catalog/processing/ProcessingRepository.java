package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.entity.EntityRef;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.search.FacetDeltas;
import dev.atrium.catalog.search.SearchIndexer;
import dev.atrium.catalog.search.SearchRepository;
import dev.atrium.catalog.store.CopyRows;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Persistence of the processing loop: claiming due rows with {@code FOR UPDATE SKIP LOCKED},
 * writing a pass's outcomes in one transaction (children, orphans, final entities, search rows,
 * relations, history) and deleting entity subtrees.
 */
@ApplicationScoped
public class ProcessingRepository {

    @Inject
    Database db;

    @Inject
    CatalogConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    EntityProcessor processor;

    @Inject
    SearchRepository search;

    /** Claims up to {@code limit} due rows, leasing them so no other instance takes them meanwhile. */
    public List<Claimed> claim(int limit, Duration lease) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH due AS (
                        SELECT entity_id FROM refresh_state
                        WHERE next_update_at <= now()
                        ORDER BY next_update_at
                        LIMIT ?
                        FOR UPDATE SKIP LOCKED)
                    UPDATE refresh_state rs SET next_update_at = now() + make_interval(secs => ?)
                    FROM due WHERE rs.entity_id = due.entity_id
                    RETURNING rs.entity_id, rs.entity_ref, rs.unprocessed_entity::text, rs.location_key,
                              rs.origin_location_id, rs.result_hash,
                              EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = rs.entity_id),
                              NOT EXISTS (SELECT 1 FROM refresh_state_references r WHERE r.target_entity_ref = rs.entity_ref),
                              rs.errors IS NULL
                    """)) {
                ps.setInt(1, limit);
                ps.setDouble(2, lease.toMillis() / 1000.0);
                List<Claimed> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Claimed(rs.getObject(1, UUID.class), rs.getString(2),
                                (ObjectNode) mapper.readTree(rs.getString(3)), rs.getString(4),
                                rs.getObject(5, UUID.class), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9)));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return out;
            }
        });
    }

    /** Refreshes the planner statistics of the tables a bulk ingest fills (see ProcessingLoop#ANALYZE_AFTER). */
    public void analyze() {
        db.read(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ANALYZE entities, search, relations, refresh_state");
            }
            return null;
        });
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

    /** Writes the outcomes of one pass atomically. */
    public void write(List<Outcome> outcomes) {
        db.inTransaction(c -> {
            List<HistoryRepository.Pending> history = new ArrayList<>();
            Map<UUID, List<FieldError>> extraErrors = new HashMap<>();
            for (Outcome o : outcomes) {
                if (o.children() != null && !o.unchanged()) {
                    List<FieldError> conflicts = writeChildren(c, o, history);
                    if (!conflicts.isEmpty()) {
                        extraErrors.put(o.row().entityId(), conflicts);
                    }
                }
            }
            FacetDeltas facets = new FacetDeltas();
            writeEntities(c, outcomes, extraErrors, history, facets);
            reschedule(c, outcomes, extraErrors);
            HistoryRepository.write(c, history);
            // last, so the hot facet count rows are locked only until the commit that follows
            search.applyFacetDeltas(c, facets);
            return null;
        });
    }

    /** Children upserted per executed batch. */
    private static final int CHILD_BATCH = 1_000;

    private record Existing(String locationKey, boolean claimedElsewhere) {
    }

    private List<FieldError> writeChildren(Connection c, Outcome o, List<HistoryRepository.Pending> history) throws SQLException {
        String parent = o.row().entityRef();
        List<FieldError> conflicts = new ArrayList<>();
        Set<String> refs = new LinkedHashSet<>();
        o.children().forEach(ch -> refs.add(ch.ref()));
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
        Set<String> previous = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT target_entity_ref FROM refresh_state_references WHERE source_entity_ref = ?")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    previous.add(rs.getString(1));
                }
            }
        }
        Set<String> current = new LinkedHashSet<>();
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
            for (Outcome.Child ch : o.children()) {
                Existing ex = existing.get(ch.ref());
                if (ex != null && ex.claimedElsewhere() && !java.util.Objects.equals(ex.locationKey(), ch.locationKey())) {
                    conflicts.add(new FieldError("ConflictError", "spec.target", "Entity " + ch.ref() + " from " + ch.locationKey()
                            + " conflicts with the same entity already registered from " + ex.locationKey() + "; the existing one is kept"));
                    continue;
                }
                boolean reclaimedOrphan = ex != null && !ex.claimedElsewhere() && !previous.contains(ch.ref());
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, ch.ref());
                ps.setString(3, ch.json());
                ps.setString(4, ch.locationKey());
                ps.setObject(5, o.row().originLocationId());
                ps.setBoolean(6, reclaimedOrphan);
                ps.addBatch();
                current.add(ch.ref());
                // the driver keeps every batched parameter until it executes: bound that memory
                if (current.size() % CHILD_BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        for (String r : o.retained()) {
            if (previous.contains(r)) {
                current.add(r);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO refresh_state_references (source_entity_ref, target_entity_ref) VALUES (?, ?)")) {
            for (String r : current) {
                if (!previous.contains(r)) {
                    ps.setString(1, parent);
                    ps.setString(2, r);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        if (o.complete()) {
            Set<String> removed = new HashSet<>(previous);
            removed.removeAll(current);
            if (!removed.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM refresh_state_references WHERE source_entity_ref = ? AND target_entity_ref = ANY(?)")) {
                    ps.setString(1, parent);
                    ps.setArray(2, Database.textArray(c, removed));
                    ps.executeUpdate();
                }
                handleOrphans(c, removed, history);
            }
        }
        return conflicts;
    }

    /** Entities in {@code candidates} that no parent references any more are orphaned or deleted. */
    void handleOrphans(Connection c, Collection<String> candidates, List<HistoryRepository.Pending> history) throws SQLException {
        List<String> orphans = unreferenced(c, candidates);
        if (orphans.isEmpty()) {
            return;
        }
        if ("delete".equalsIgnoreCase(config.processing().orphanStrategy())) {
            deleteSubtree(c, orphans, history);
            return;
        }
        // keep: mark now and make them due so processing keeps the mark on every later pass
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE entities SET entity = jsonb_set(entity, '{metadata,annotations}',
                    coalesce(entity->'metadata'->'annotations', '{}'::jsonb) || '{"backstage.io/orphan":"true"}'::jsonb),
                    updated_at = now()
                WHERE entity_ref = ANY(?) RETURNING entity_ref, entity_id""")) {
            ps.setArray(1, Database.textArray(c, orphans));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    history.add(new HistoryRepository.Pending(rs.getString(1), rs.getObject(2, UUID.class), "changed",
                            List.of("metadata.annotations.backstage.io/orphan")));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_state SET next_update_at = now(), result_hash = NULL WHERE entity_ref = ANY(?)")) {
            ps.setArray(1, Database.textArray(c, orphans));
            ps.executeUpdate();
        }
    }

    private static List<String> unreferenced(Connection c, Collection<String> refs) throws SQLException {
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

    /**
     * Deletes entities and, recursively, the children only they emitted: refresh state, final
     * entity, search rows, relations and references. Records a {@code removed} event for each
     * entity that was visible.
     */
    public void deleteSubtree(Connection c, Collection<String> roots, List<HistoryRepository.Pending> history) throws SQLException {
        Deque<String> queue = new ArrayDeque<>(roots);
        Set<String> done = new HashSet<>();
        while (!queue.isEmpty()) {
            String ref = queue.poll();
            if (!done.add(ref)) {
                continue;
            }
            List<String> children = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM refresh_state_references WHERE source_entity_ref = ? RETURNING target_entity_ref")) {
                ps.setString(1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        children.add(rs.getString(1));
                    }
                }
            }
            deleteOne(c, ref, history);
            queue.addAll(unreferenced(c, children));
        }
    }

    /** Deletes one entity's rows (not its children). */
    public void deleteOne(Connection c, String ref, List<HistoryRepository.Pending> history) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_state_references WHERE target_entity_ref = ?")) {
            ps.setString(1, ref);
            ps.executeUpdate();
        }
        UUID id = null;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM refresh_state WHERE entity_ref = ? RETURNING entity_id")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = rs.getObject(1, UUID.class);
                }
            }
        }
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
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relations WHERE originating_entity_id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
        }
    }

    private void writeEntities(Connection c, List<Outcome> outcomes, Map<UUID, List<FieldError>> extraErrors,
            List<HistoryRepository.Pending> history, FacetDeltas facets) throws SQLException {
        List<Outcome> changed = outcomes.stream()
                .filter(o -> !o.unchanged() || extraErrors.containsKey(o.row().entityId())).toList();
        if (changed.isEmpty()) {
            return;
        }
        Map<UUID, JsonNode> previous = new HashMap<>();
        Map<UUID, String> previousHash = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT entity_id, entity::text, hash FROM entities WHERE entity_id = ANY(?)")) {
            ps.setArray(1, Database.uuidArray(c, changed.stream().map(o -> o.row().entityId()).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    previous.put(rs.getObject(1, UUID.class), mapper.readTree(rs.getString(2)));
                    previousHash.put(rs.getObject(1, UUID.class), rs.getString(3));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Outcome> valid = new ArrayList<>();
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO entities (entity_id, entity_ref, kind, namespace, name, entity, hash, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, now())
                ON CONFLICT (entity_id) DO UPDATE SET entity = EXCLUDED.entity, hash = EXCLUDED.hash, updated_at = now()
                WHERE entities.hash IS DISTINCT FROM EXCLUDED.hash""");
                PreparedStatement statusOnly = c.prepareStatement(
                        "UPDATE entities SET entity = jsonb_set(entity, '{status}', ?::jsonb), updated_at = now() WHERE entity_id = ?")) {
            for (Outcome o : changed) {
                UUID id = o.row().entityId();
                List<FieldError> extra = extraErrors.getOrDefault(id, List.of());
                ObjectNode entity = o.finalEntity();
                if (entity == null) {
                    if (previous.containsKey(id)) {
                        List<FieldError> all = new ArrayList<>(o.errors());
                        all.addAll(extra);
                        statusOnly.setString(1, mapper.writeValueAsString(processor.statusFor(all)));
                        statusOnly.setObject(2, id);
                        statusOnly.addBatch();
                    }
                    continue;
                }
                if (!extra.isEmpty()) {
                    List<FieldError> all = new ArrayList<>(o.errors());
                    all.addAll(extra);
                    entity.set("status", processor.statusFor(all));
                }
                String json = mapper.writeValueAsString(entity);
                String hash = sha1(json);
                EntityRef ref = EntityRef.parse(o.row().entityRef());
                upsert.setObject(1, id);
                upsert.setString(2, ref.canonical());
                upsert.setString(3, ref.kind());
                upsert.setString(4, ref.namespace());
                upsert.setString(5, ref.name());
                upsert.setString(6, json);
                upsert.setString(7, hash);
                upsert.addBatch();
                if (!hash.equals(previousHash.get(id))) {
                    valid.add(o);
                    if (previous.containsKey(id)) {
                        history.add(new HistoryRepository.Pending(ref.canonical(), id, "changed",
                                HistoryRepository.changedFields(previous.get(id), entity)));
                    } else {
                        history.add(new HistoryRepository.Pending(ref.canonical(), id, "added", null));
                    }
                }
            }
            upsert.executeBatch();
            statusOnly.executeBatch();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (valid.isEmpty()) {
            return;
        }
        List<UUID> ids = valid.stream().map(o -> o.row().entityId()).toList();
        Map<UUID, List<SearchIndexer.Row>> rows = new LinkedHashMap<>();
        for (Outcome o : valid) {
            rows.put(o.row().entityId(), SearchIndexer.rows(o.finalEntity()));
        }
        search.replace(c, rows, facets);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM relations WHERE originating_entity_id = ANY(?)")) {
            del.setArray(1, Database.uuidArray(c, ids));
            del.executeUpdate();
        }
        try (CopyRows rel = CopyRows.open(c, "relations", "originating_entity_id", "source_ref", "type", "target_ref")) {
            for (Outcome o : valid) {
                for (Relation r : o.relations()) {
                    rel.row(o.row().entityId(), r.sourceRef(), r.type(), r.targetRef());
                }
            }
        }
    }

    private void reschedule(Connection c, List<Outcome> outcomes, Map<UUID, List<FieldError>> extraErrors) throws SQLException {
        double interval = config.processing().interval().toMillis() / 1000.0;
        double entityInterval = config.processing().entityInterval().toMillis() / 1000.0;
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE refresh_state SET errors = ?::jsonb, last_processed_at = now(),
                    result_hash = CASE WHEN next_update_at > now() THEN ? ELSE result_hash END,
                    next_update_at = CASE WHEN next_update_at > now() THEN now() + make_interval(secs => ?) ELSE next_update_at END
                WHERE entity_id = ?""")) {
            // The claim leased each row into the future. A row made due during this pass (its input
            // replaced by a parent in the same pass, orphaned, or refreshed) keeps that schedule.
            for (Outcome o : outcomes) {
                List<FieldError> errors = new ArrayList<>(o.errors());
                errors.addAll(extraErrors.getOrDefault(o.row().entityId(), List.of()));
                if (errors.isEmpty()) {
                    ps.setNull(1, Types.VARCHAR);
                } else {
                    ps.setString(1, mapper.writeValueAsString(errors));
                }
                // a pass with conflicts is not "done": the hash stays unset so the next pass re-checks
                ps.setString(2, extraErrors.containsKey(o.row().entityId()) ? null : o.resultHash());
                // Locations are polled; a clean entity waits for its input, the model or the rules to change.
                double due = o.children() == null && errors.isEmpty() ? entityInterval : interval;
                ps.setDouble(3, due * ThreadLocalRandom.current().nextDouble(0.9, 1.1));
                ps.setObject(4, o.row().entityId());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-1 of a string (entity hashes, generated location names). */
    public static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
