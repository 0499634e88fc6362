package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.entity.EntityRepository;
import dev.atrium.catalog.entity.RelationRepository;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.search.FacetDeltas;
import dev.atrium.catalog.search.SearchIndexer;
import dev.atrium.catalog.search.SearchRepository;
import dev.atrium.catalog.store.Database;
import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
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
 * relations, history) and deleting entity subtrees. It holds no SQL: each table is written by the
 * repository that owns it, on this transaction's connection.
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

    @Inject
    SearchRepository search;

    @Inject
    EntityRepository entities;

    @Inject
    RelationRepository relations;

    /** Claims up to {@code limit} due rows, leasing them so no other instance takes them meanwhile. */
    public List<Claimed> claim(int limit, Duration lease) {
        return refreshState.claim(limit, lease);
    }

    /** Refreshes the planner statistics of the tables a bulk ingest fills (see ProcessingLoop#ANALYZE_AFTER). */
    public void analyze() {
        entities.analyze();
        search.analyze();
        relations.analyze();
        refreshState.analyze();
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
            List<Outcome> fenced = passOutcomes.stream().filter(o -> owned.contains(o.row().entityId())).toList();
            List<HistoryRepository.Pending> history = new ArrayList<>();
            Map<UUID, List<ProcessingError>> extraErrors = new HashMap<>();
            Set<String> deleted = new HashSet<>();
            for (Outcome o : fenced) {
                if (o.children() != null && !o.unchanged()) {
                    List<ProcessingError> conflicts = writeChildren(c, o, history, deleted);
                    if (!conflicts.isEmpty()) {
                        extraErrors.put(o.row().entityId(), conflicts);
                    }
                }
            }
            // an entity of this pass whose parent stopped emitting it was just deleted: storing its outcome now
            // would bring back a final entity without a refresh row, which then holds the ref against the next one
            List<Outcome> outcomes = fenced.stream().filter(o -> !deleted.contains(o.row().entityRef())).toList();
            FacetDeltas facets = new FacetDeltas();
            writeEntities(c, outcomes, extraErrors, history, facets);
            reschedule(c, outcomes, extraErrors);
            HistoryRepository.write(c, history);
            // last, so the hot facet count rows are locked only until the commit that follows
            search.applyFacetDeltas(c, facets);
            return null;
        });
    }

    private List<ProcessingError> writeChildren(Connection c, Outcome o, List<HistoryRepository.Pending> history, Set<String> deleted)
            throws SQLException {
        String parent = o.row().entityRef();
        List<ProcessingError> conflicts = new ArrayList<>();
        Set<String> refs = new LinkedHashSet<>();
        o.children().forEach(ch -> refs.add(ch.ref()));
        Map<String, RefreshStateRepository.Existing> existing = refreshState.existing(c, parent, refs);
        Set<String> previous = refreshState.childrenOf(c, parent);
        Set<String> current = new LinkedHashSet<>();
        List<RefreshStateRepository.ChildRow> rows = new ArrayList<>();
        for (Outcome.Child ch : o.children()) {
            RefreshStateRepository.Existing ex = existing.get(ch.ref());
            if (ex != null && ex.claimedElsewhere() && !java.util.Objects.equals(ex.locationKey(), ch.locationKey())) {
                conflicts.add(new ProcessingError("ConflictError", "metadata.name", "Entity " + ch.ref() + " from " + ch.locationKey()
                        + " conflicts with the same entity already registered from " + ex.locationKey() + "; the existing one is kept",
                        ch.locationKey(), null, ch.ref()));
                continue;
            }
            boolean reclaimedOrphan = ex != null && !ex.claimedElsewhere() && !previous.contains(ch.ref());
            rows.add(new RefreshStateRepository.ChildRow(ch.ref(), ch.json(), ch.locationKey(),
                    o.row().originLocationId(), reclaimedOrphan));
            current.add(ch.ref());
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
                deleted.addAll(handleOrphans(c, removed, history));
            }
        }
        return conflicts;
    }

    /** Entities in {@code candidates} that no parent references any more are orphaned or deleted; returns the deleted refs. */
    Set<String> handleOrphans(Connection c, Collection<String> candidates, List<HistoryRepository.Pending> history) throws SQLException {
        List<String> orphans = refreshState.unreferenced(c, candidates);
        if (orphans.isEmpty()) {
            return Set.of();
        }
        if ("delete".equalsIgnoreCase(config.processing().orphanStrategy())) {
            return deleteSubtree(c, orphans, history);
        }
        // keep: mark now and make them due so processing keeps the mark on every later pass
        for (Map.Entry<String, UUID> marked : entities.markOrphaned(c, orphans)) {
            history.add(new HistoryRepository.Pending(marked.getKey(), marked.getValue(), "changed",
                    List.of("metadata.annotations.backstage.io/orphan")));
        }
        refreshState.makeDue(c, orphans);
        return Set.of();
    }

    /**
     * Deletes entities and, recursively, the children only they emitted: refresh state, final
     * entity, search rows, relations and references. Records a {@code removed} event for each
     * entity that was visible. Returns the refs deleted.
     */
    public Set<String> deleteSubtree(Connection c, Collection<String> roots, List<HistoryRepository.Pending> history) throws SQLException {
        Deque<String> queue = new ArrayDeque<>(roots);
        Set<String> done = new HashSet<>();
        while (!queue.isEmpty()) {
            String ref = queue.poll();
            if (!done.add(ref)) {
                continue;
            }
            List<String> children = refreshState.removeReferencesFrom(c, ref);
            entities.deleteOne(c, ref, history);
            queue.addAll(refreshState.unreferenced(c, children));
        }
        return done;
    }

    private void writeEntities(Connection c, List<Outcome> outcomes, Map<UUID, List<ProcessingError>> extraErrors,
            List<HistoryRepository.Pending> history, FacetDeltas facets) throws SQLException {
        List<Outcome> changed = outcomes.stream()
                .filter(o -> !o.unchanged() || extraErrors.containsKey(o.row().entityId())).toList();
        if (changed.isEmpty()) {
            return;
        }
        Map<UUID, EntityRepository.Previous> previous = entities.previous(c, changed.stream().map(o -> o.row().entityId()).toList());
        List<Outcome> valid = new ArrayList<>();
        List<EntityRepository.Upsert> upserts = new ArrayList<>();
        Map<UUID, String> statuses = new LinkedHashMap<>();
        try {
            for (Outcome o : changed) {
                UUID id = o.row().entityId();
                List<ProcessingError> extra = extraErrors.getOrDefault(id, List.of());
                ObjectNode entity = o.finalEntity();
                if (entity == null) {
                    if (previous.containsKey(id)) {
                        List<ProcessingError> all = new ArrayList<>(o.errors());
                        all.addAll(extra);
                        statuses.put(id, mapper.writeValueAsString(processor.statusFor(all)));
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
                upserts.add(new EntityRepository.Upsert(id, ref.canonical(), ref.kind(), ref.namespace(), ref.name(), json, hash));
                if (!hash.equals(previous.containsKey(id) ? previous.get(id).hash() : null)) {
                    valid.add(o);
                    if (previous.containsKey(id)) {
                        history.add(new HistoryRepository.Pending(ref.canonical(), id, "changed",
                                HistoryRepository.changedFields(previous.get(id).entity(), entity)));
                    } else {
                        history.add(new HistoryRepository.Pending(ref.canonical(), id, "added", null));
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<EntityRepository.Conflict> conflicts = entities.write(c, upserts, previous.keySet(), statuses);
        for (EntityRepository.Conflict conflict : conflicts) {
            // another entity holds the ref (a concurrent writer committed first): it is kept, this row reports it
            Outcome o = changed.stream().filter(x -> x.row().entityId().equals(conflict.id())).findFirst().orElseThrow();
            valid.remove(o);
            history.removeIf(h -> conflict.id().equals(h.entityId()) && "added".equals(h.event()));
            extraErrors.computeIfAbsent(conflict.id(), k -> new ArrayList<>()).add(new ProcessingError("ConflictError", "metadata.name",
                    "Entity " + conflict.ref() + " conflicts with the same entity already stored"
                            + (conflict.heldBy() == null ? "" : " (uid " + conflict.heldBy() + ")")
                            + (conflict.heldByLocation() == null ? "" : " from " + conflict.heldByLocation()) + "; the existing one is kept",
                    o.row().locationKey(), null, conflict.ref()));
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
        List<RelationRepository.Row> relationRows = new ArrayList<>();
        for (Outcome o : valid) {
            for (Relation r : o.relations()) {
                relationRows.add(new RelationRepository.Row(o.row().entityId(), r.sourceRef(), r.type(), r.targetRef()));
            }
        }
        relations.replace(c, ids, relationRows);
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


    /** Hex SHA-1 of a string (entity hashes, generated location names). */
    public static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
