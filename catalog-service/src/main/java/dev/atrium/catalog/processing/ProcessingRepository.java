package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.search.SearchIndexer;
import dev.atrium.catalog.store.Database;
import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.catalog.refresh.RefreshStateRepository;
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
    RefreshStateRepository refreshState;

    /** Claims up to {@code limit} due rows, leasing them so no other instance takes them meanwhile. */
    public List<Claimed> claim(int limit, Duration lease) {
        return refreshState.claim(limit, lease);
    }

    /** Makes rows claimed by a failed pass due again after {@code delay}, instead of after their lease. */
    public void release(List<Claimed> claimed, Duration delay) {
        refreshState.release(claimed, delay);
    }

    /** Records the error of a row whose outcome could not be stored; it is retried after {@code delay}. */
    public void recordFailure(Claimed row, ProcessingError error, Duration delay) {
        try {
            refreshState.recordFailure(row, mapper.writeValueAsString(List.of(error)), delay);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the outcomes of one pass atomically. Rows a newer pass claimed after this pass's lease
     * ran out (their fencing token changed) are left to that pass.
     */
    public void write(List<Outcome> passOutcomes) {
        db.inTransaction(c -> {
            Set<UUID> owned = refreshState.fence(c, passOutcomes.stream().map(Outcome::row).toList());
            List<Outcome> outcomes = passOutcomes.stream().filter(o -> owned.contains(o.row().entityId())).toList();
            List<HistoryRepository.Pending> history = new ArrayList<>();
            Map<UUID, List<ProcessingError>> extraErrors = new HashMap<>();
            for (Outcome o : outcomes) {
                if (o.children() != null && !o.unchanged()) {
                    List<ProcessingError> conflicts = writeChildren(c, o, history);
                    if (!conflicts.isEmpty()) {
                        extraErrors.put(o.row().entityId(), conflicts);
                    }
                }
            }
            writeEntities(c, outcomes, extraErrors, history);
            reschedule(c, outcomes, extraErrors);
            HistoryRepository.write(c, history);
            return null;
        });
    }

    private List<ProcessingError> writeChildren(Connection c, Outcome o, List<HistoryRepository.Pending> history) throws SQLException {
        String parent = o.row().entityRef();
        List<ProcessingError> conflicts = new ArrayList<>();
        Set<String> refs = new LinkedHashSet<>();
        o.children().forEach(ch -> refs.add(ch.ref()));
        Map<String, RefreshStateRepository.Existing> existing = refreshState.existing(c, parent, refs);
        Set<String> previous = refreshState.childrenOf(c, parent);
        Set<String> current = new LinkedHashSet<>();
        List<RefreshStateRepository.ChildRow> rows = new ArrayList<>();
        try {
            for (Outcome.Child ch : o.children()) {
                RefreshStateRepository.Existing ex = existing.get(ch.ref());
                if (ex != null && ex.claimedElsewhere() && !java.util.Objects.equals(ex.locationKey(), ch.locationKey())) {
                    conflicts.add(new ProcessingError("ConflictError", "metadata.name", "Entity " + ch.ref() + " from " + ch.locationKey()
                            + " conflicts with the same entity already registered from " + ex.locationKey() + "; the existing one is kept",
                            ch.locationKey(), null, ch.ref()));
                    continue;
                }
                boolean reclaimedOrphan = ex != null && !ex.claimedElsewhere() && !previous.contains(ch.ref());
                rows.add(new RefreshStateRepository.ChildRow(ch.ref(), mapper.writeValueAsString(ch.entity()), ch.locationKey(),
                        o.row().originLocationId(), reclaimedOrphan));
                current.add(ch.ref());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        refreshState.upsertChildren(c, rows);
        for (String r : o.retained()) {
            if (previous.contains(r)) {
                current.add(r);
            }
        }
        refreshState.addReferences(c, parent, current.stream().filter(r -> !previous.contains(r)).toList());
        if (o.complete()) {
            Set<String> removed = new HashSet<>(previous);
            removed.removeAll(current);
            if (!removed.isEmpty()) {
                refreshState.removeReferences(c, parent, removed);
                handleOrphans(c, removed, history);
            }
        }
        return conflicts;
    }

    /** Entities in {@code candidates} that no parent references any more are orphaned or deleted. */
    void handleOrphans(Connection c, Collection<String> candidates, List<HistoryRepository.Pending> history) throws SQLException {
        List<String> orphans = refreshState.unreferenced(c, candidates);
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
        refreshState.makeDue(c, orphans);
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
            List<String> children = refreshState.removeReferencesFrom(c, ref);
            deleteOne(c, ref, history);
            queue.addAll(refreshState.unreferenced(c, children));
        }
    }

    /** Deletes one entity's rows (not its children). */
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
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relations WHERE originating_entity_id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
        }
    }

    private void writeEntities(Connection c, List<Outcome> outcomes, Map<UUID, List<ProcessingError>> extraErrors,
            List<HistoryRepository.Pending> history) throws SQLException {
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
                List<ProcessingError> extra = extraErrors.getOrDefault(id, List.of());
                ObjectNode entity = o.finalEntity();
                if (entity == null) {
                    if (previous.containsKey(id)) {
                        List<ProcessingError> all = new ArrayList<>(o.errors());
                        all.addAll(extra);
                        statusOnly.setString(1, mapper.writeValueAsString(processor.statusFor(all)));
                        statusOnly.setObject(2, id);
                        statusOnly.addBatch();
                    }
                    continue;
                }
                if (!extra.isEmpty()) {
                    List<ProcessingError> all = new ArrayList<>(o.errors());
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
        try (PreparedStatement del = c.prepareStatement("DELETE FROM search WHERE entity_id = ANY(?)")) {
            del.setArray(1, Database.uuidArray(c, ids));
            del.executeUpdate();
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM relations WHERE originating_entity_id = ANY(?)")) {
            del.setArray(1, Database.uuidArray(c, ids));
            del.executeUpdate();
        }
        try (PreparedStatement search = c.prepareStatement("INSERT INTO search (entity_id, key, value, original_value) VALUES (?, ?, ?, ?)");
                PreparedStatement rel = c.prepareStatement(
                        "INSERT INTO relations (originating_entity_id, source_ref, type, target_ref) VALUES (?, ?, ?, ?)")) {
            for (Outcome o : valid) {
                UUID id = o.row().entityId();
                for (SearchIndexer.Row r : SearchIndexer.rows(o.finalEntity())) {
                    search.setObject(1, id);
                    search.setString(2, r.key());
                    setNullable(search, 3, r.value());
                    setNullable(search, 4, r.originalValue());
                    search.addBatch();
                }
                for (Relation r : o.relations()) {
                    rel.setObject(1, id);
                    rel.setString(2, r.sourceRef());
                    rel.setString(3, r.type());
                    rel.setString(4, r.targetRef());
                    rel.addBatch();
                }
            }
            search.executeBatch();
            rel.executeBatch();
        }
    }

    private void reschedule(Connection c, List<Outcome> outcomes, Map<UUID, List<ProcessingError>> extraErrors) throws SQLException {
        double interval = config.processing().interval().toMillis() / 1000.0;
        double entityInterval = config.processing().entityInterval().toMillis() / 1000.0;
        List<RefreshStateRepository.Schedule> schedules = new ArrayList<>();
        try {
            for (Outcome o : outcomes) {
                List<ProcessingError> errors = new ArrayList<>(o.errors());
                errors.addAll(extraErrors.getOrDefault(o.row().entityId(), List.of()));
                // a pass with conflicts is not "done": the hash stays unset so the next pass re-checks
                String hash = extraErrors.containsKey(o.row().entityId()) ? null : o.resultHash();
                // Locations are polled; a clean entity waits for its input, the model or the rules to change.
                double due = o.children() == null && errors.isEmpty() ? entityInterval : interval;
                schedules.add(new RefreshStateRepository.Schedule(o.row().entityId(), errors.isEmpty() ? null : mapper.writeValueAsString(errors),
                        hash, due * ThreadLocalRandom.current().nextDouble(0.9, 1.1)));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        refreshState.reschedule(c, schedules);
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /** The stored (stitched) document of an entity, without its relations; empty when there is none. */
    public java.util.Optional<ObjectNode> storedEntity(String ref) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entity::text FROM entities WHERE entity_ref = ?")) {
                ps.setString(1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of((ObjectNode) mapper.readTree(rs.getString(1))) : java.util.Optional.<ObjectNode>empty();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
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

    /** Hex SHA-1 of a string (entity hashes, generated location names). */
    public static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
