package dev.atrium.catalog.location;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.entity.EntityService;
import dev.atrium.catalog.entity.ReadCache;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.catalog.processing.EntityProcessor;
import dev.atrium.catalog.processing.ProcessingRepository;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.AtriumError;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.UnprocessableError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Registering, listing and removing locations; dry runs that read a location without storing it. */
@ApplicationScoped
public class LocationService {
    private static final int MAX_DRY_RUN_DEPTH = 10;

    @Inject
    Database db;

    @Inject
    ReadCache documents;

    @Inject
    LocationReader reader;

    @Inject
    EntityProcessor processor;

    @Inject
    KindRegistry registry;

    @Inject
    ProcessingRepository processing;

    @Inject
    EntityService entities;

    @Inject
    ObjectMapper mapper;

    /** The Location entity generated for a registered location, as Backstage names it. */
    public ObjectNode generatedLocationEntity(String type, String target) {
        ObjectNode e = mapper.createObjectNode();
        e.put("apiVersion", "backstage.io/v1alpha1");
        e.put("kind", "Location");
        ObjectNode metadata = e.putObject("metadata");
        metadata.put("name", Location.generatedName(type, target));
        metadata.put("namespace", "default");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put(EntityProcessor.MANAGED_BY_LOCATION, type + ":" + target);
        annotations.put(EntityProcessor.MANAGED_BY_ORIGIN_LOCATION, type + ":" + target);
        ObjectNode spec = e.putObject("spec");
        spec.put("type", type);
        spec.put("target", target);
        return e;
    }

    /**
     * Registers a location (or only reads it, for a dry run). The location is read first: a target
     * that cannot be read or holds invalid entities is refused and nothing is stored. Non-admins may
     * only register entities their teams own. A location that is already registered is a conflict,
     * or with {@code refreshOnConflict} is made due for processing and returned.
     */
    public Map<String, Object> register(LocationSpec spec, boolean dryRun, boolean refreshOnConflict, AtriumUser user) {
        if (spec == null) {
            throw new InputError("Request body must be an object with type and target");
        }
        String type = spec.type() == null ? null : spec.type().trim().toLowerCase(Locale.ROOT);
        String target = spec.target() == null ? null : spec.target().trim();
        reader.checkTarget(type, target);
        Optional<Location> existing = find(type, target);
        List<ObjectNode> read = readTree(type, target);
        Map<String, Object> body = new LinkedHashMap<>();
        if (dryRun) {
            body.put("exists", existing.isPresent());
            body.put("location", new Location(type + ":" + target, type, target));
            body.put("entities", read);
            return body;
        }
        if (existing.isPresent()) {
            if (refreshOnConflict) {
                entities.refresh(existing.get().entityRef());
                body.put("location", existing.get());
                body.put("entities", List.of());
                return body;
            }
            throw new ConflictError("Location " + type + ":" + target + " already exists");
        }
        authorize(read, user);
        UUID id = UUID.randomUUID();
        ObjectNode generated = generatedLocationEntity(type, target);
        String ref = EntityRef.of("Location", "default", generated.path("metadata").path("name").asText()).canonical();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO locations (id, type, target, created_by) VALUES (?, ?, ?, ?) ON CONFLICT (type, target) DO NOTHING")) {
                ps.setObject(1, id);
                ps.setString(2, type);
                ps.setString(3, target);
                ps.setString(4, user.subject());
                if (ps.executeUpdate() == 0) {
                    throw new ConflictError("Location " + type + ":" + target + " already exists");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, location_key, origin_location_id, next_update_at)
                    VALUES (?, ?, ?::jsonb, ?, ?, now())
                    ON CONFLICT (entity_ref) DO UPDATE SET unprocessed_entity = EXCLUDED.unprocessed_entity,
                        location_key = EXCLUDED.location_key, origin_location_id = EXCLUDED.origin_location_id, next_update_at = now()""")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, ref);
                ps.setString(3, generated.toString());
                ps.setString(4, type + ":" + target);
                ps.setObject(5, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO refresh_state_references (source_location_id, target_entity_ref) VALUES (?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, ref);
                ps.executeUpdate();
            }
            return null;
        });
        body.put("location", new Location(id.toString(), type, target));
        body.put("entities", List.of());
        return body;
    }

    private void authorize(List<ObjectNode> read, AtriumUser user) {
        if (user.platformAdmin()) {
            return;
        }
        for (ObjectNode e : read) {
            String kind = e.path("kind").asText();
            if (kind.equalsIgnoreCase("Location")) {
                continue;
            }
            String owner = e.path("spec").path("owner").asText(null);
            if (owner == null || !Policy.canEdit(user, owner, entities.domainOwnerOf(e))) {
                throw new NotAllowedError("You may only register entities your teams own; " + EntityService.refOf(e) + " is owned by "
                        + (owner == null ? "nobody (" + kind + " entities are registered by platform admins)" : owner));
            }
        }
    }

    /**
     * Reads a location and, recursively, the Locations it holds, returning every entity as it would
     * be ingested. Read errors and invalid entities fail the whole read.
     */
    public List<ObjectNode> readTree(String type, String target) {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode root = generatedLocationEntity(type, target);
        out.add(root);
        Set<String> refs = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        readLocation(root, type + ":" + target, type + ":" + target, out, refs, errors, 0);
        if (!errors.isEmpty()) {
            throw new UnprocessableError("The location holds invalid entities", errors);
        }
        return out;
    }

    private void readLocation(ObjectNode location, String ownKey, String origin, List<ObjectNode> out, Set<String> refs,
            List<FieldError> errors, int depth) {
        if (depth > MAX_DRY_RUN_DEPTH) {
            throw new InputError("Locations nest deeper than " + MAX_DRY_RUN_DEPTH + " levels");
        }
        JsonNode spec = location.path("spec");
        String ownType = ownKey.substring(0, ownKey.indexOf(':'));
        String type = spec.path("type").asText(ownType);
        List<String> targets = new ArrayList<>();
        if (spec.path("target").isTextual()) {
            targets.add(spec.get("target").asText());
        }
        spec.path("targets").forEach(t -> targets.add(t.asText()));
        for (String t : targets) {
            String resolved = LocationReader.resolve(type, t, ownKey);
            LocationReader.Content content = reader.read(type, resolved);
            int index = 0;
            for (JsonNode doc : processor.yaml().parse(content.bytes(), content.locationKey())) {
                index++;
                String where = content.locationKey() + " (document " + index + ")";
                if (!doc.isObject()) {
                    errors.add(FieldError.of("", "Expected an entity object in " + where));
                    continue;
                }
                ObjectNode entity = (ObjectNode) doc;
                String kind = entity.path("kind").asText("");
                if (!kind.isEmpty() && !processor.allowed(type, kind)) {
                    errors.add(new FieldError("NotAllowedError", "kind", "Kind " + kind + " in " + where
                            + " is not allowed for " + type + " locations by the catalog rules"));
                    continue;
                }
                List<FieldError> invalid = new ArrayList<>(registry.validate(entity, false));
                if (invalid.isEmpty()) {
                    invalid.addAll(registry.relationErrors(entity));
                }
                if (!invalid.isEmpty()) {
                    for (FieldError fe : invalid) {
                        errors.add(new FieldError(fe.name(), fe.field(), where + ": " + fe.message()));
                    }
                    continue;
                }
                String ref = EntityService.refOf(entity);
                if (!refs.add(ref)) {
                    errors.add(new FieldError("ConflictError", "metadata.name", "Entity " + ref + " is defined more than once (again in " + where + ")"));
                    continue;
                }
                ObjectNode metadata = (ObjectNode) entity.get("metadata");
                ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
                annotations.put(EntityProcessor.MANAGED_BY_LOCATION, content.locationKey());
                annotations.put(EntityProcessor.MANAGED_BY_ORIGIN_LOCATION, origin);
                out.add(entity);
                if (kind.equalsIgnoreCase("Location")) {
                    readLocation(entity, content.locationKey(), origin, out, refs, errors, depth + 1);
                }
            }
        }
    }

    public List<Location> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, type, target FROM locations ORDER BY created_at, id");
                    ResultSet rs = ps.executeQuery()) {
                List<Location> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Location(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                return out;
            }
        });
    }

    public Location get(String id) {
        return EntityService.parseUuid(id).flatMap(this::byId).orElseThrow(() -> new NotFoundError("Found no location with ID " + id));
    }

    private Optional<Location> byId(UUID id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, type, target FROM locations WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Location(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
                }
            }
        });
    }

    Optional<Location> find(String type, String target) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, type, target FROM locations WHERE type = ? AND target = ?")) {
                ps.setString(1, type);
                ps.setString(2, target);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Location(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
                }
            }
        });
    }

    /** Unregisters a location and removes the entities only it emitted. */
    public void delete(String id, AtriumUser user) {
        UUID uuid = EntityService.parseUuid(id).orElseThrow(() -> new NotFoundError("Found no location with ID " + id));
        Location location = byId(uuid).orElseThrow(() -> new NotFoundError("Found no location with ID " + id));
        mayChange(uuid, location, user, "remove");
        db.inTransaction(c -> {
            List<String> roots = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM refresh_state_references WHERE source_location_id = ? RETURNING target_entity_ref")) {
                ps.setObject(1, uuid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        roots.add(rs.getString(1));
                    }
                }
            }
            List<HistoryRepository.Pending> history = new ArrayList<>();
            processing.deleteSubtree(c, roots, history);
            HistoryRepository.write(c, history);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM locations WHERE id = ?")) {
                ps.setObject(1, uuid);
                ps.executeUpdate();
            }
            return null;
        });
        documents.invalidateAll();
    }

    private String createdBy(UUID id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_by FROM locations WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private List<String> ownersOf(UUID locationId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT coalesce(unprocessed_entity->'spec'->>'owner', '') FROM refresh_state WHERE origin_location_id = ? AND lower(unprocessed_entity->>'kind') <> 'location'")) {
                ps.setObject(1, locationId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1).isEmpty() ? null : rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** The registered location an entity came from (by its origin annotation). */
    public Location byEntity(String kind, String namespace, String name) {
        ObjectNode entity = entities.byName(kind, namespace, name);
        String origin = entity.path("metadata").path("annotations").path(EntityProcessor.MANAGED_BY_ORIGIN_LOCATION).asText(null);
        if (origin != null && origin.indexOf(':') > 0) {
            Optional<Location> l = find(origin.substring(0, origin.indexOf(':')), origin.substring(origin.indexOf(':') + 1));
            if (l.isPresent()) {
                return l.get();
            }
        }
        throw new NotFoundError("No location found for entity " + EntityService.refOf(entity));
    }

    /** Processing state and errors of everything read through a registered location. */
    public LocationStatus status(String id) {
        Location location = get(id);
        UUID uuid = UUID.fromString(location.id());
        return db.read(c -> {
            List<LocationStatus.EntityErrors> errors = new ArrayList<>();
            java.time.OffsetDateTime processedAt = null;
            int pending = 0;
            int count = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT rs.entity_ref, rs.errors::text, rs.last_processed_at,
                           EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = rs.entity_id),
                           EXISTS (SELECT 1 FROM refresh_state_references r WHERE r.source_location_id = ? AND r.target_entity_ref = rs.entity_ref)
                    FROM refresh_state rs WHERE rs.origin_location_id = ? ORDER BY rs.entity_ref""")) {
                ps.setObject(1, uuid);
                ps.setObject(2, uuid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2) != null) {
                            List<FieldError> fe = List.of(mapper.readValue(rs.getString(2), FieldError[].class));
                            errors.add(new LocationStatus.EntityErrors(rs.getString(1), fe));
                        }
                        if (rs.getObject(3) == null) {
                            pending++;
                        }
                        if (rs.getBoolean(4)) {
                            count++;
                        }
                        if (rs.getBoolean(5)) {
                            processedAt = rs.getObject(3, java.time.OffsetDateTime.class);
                        }
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            String state = !errors.isEmpty() ? "error" : pending > 0 || processedAt == null ? "pending" : "ok";
            return new LocationStatus(location, state, processedAt, count, errors);
        });
    }

    /** Platform admins, the user who registered a location or the owners of all its entities may change or remove it. */
    private void mayChange(UUID uuid, Location location, AtriumUser user, String what) {
        if (!user.platformAdmin() && !user.subject().equals(createdBy(uuid))) {
            for (String owner : ownersOf(uuid)) {
                if (!Policy.canEdit(user, owner, null)) {
                    throw new NotAllowedError("Only platform admins, the user who registered it or the owners of all its entities may "
                            + what + " location " + location.id());
                }
            }
        }
    }

    // ---- Changing a registered location (PUT /locations/{id}) ---------------------------------------

    /**
     * Points a registered location at another type and target, keeping its id (Backstage's
     * {@code updateLocation}). The caller must be allowed to remove the location and to register
     * what the new target holds; the new target is read first, and nothing changes if that fails.
     * Then, in one transaction, the entities read through the old target are removed (with their
     * history) and the Location entity of the new target is due at once. Its ref follows from the
     * new type and target, as for any registered location. The caller becomes the identity the
     * location was registered by: they chose what it now holds.
     */
    public Location update(String id, LocationSpec spec, AtriumUser user) {
        UUID uuid = EntityService.parseUuid(id).orElseThrow(() -> new NotFoundError("Found no location with ID " + id));
        Location current = byId(uuid).orElseThrow(() -> new NotFoundError("Found no location with ID " + id));
        if (spec == null || spec.target() == null) {
            throw new InputError("Request body must be an object with type and target");
        }
        String type = spec.type() == null ? "url" : spec.type().trim().toLowerCase(Locale.ROOT);
        String target = spec.target().trim();
        reader.checkTarget(type, target);
        mayChange(uuid, current, user, "change");
        if (type.equals(current.type()) && target.equals(current.target())) {
            return current;
        }
        Optional<Location> other = find(type, target);
        if (other.isPresent() && !other.get().id().equals(current.id())) {
            throw new ConflictError("Location " + type + ":" + target + " already exists");
        }
        authorize(readTree(type, target), user);
        ObjectNode generated = generatedLocationEntity(type, target);
        String ref = EntityRef.of("Location", "default", generated.path("metadata").path("name").asText()).canonical();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE locations SET type = ?, target = ?, created_by = ? WHERE id = ?")) {
                ps.setString(1, type);
                ps.setString(2, target);
                ps.setString(3, user.subject());
                ps.setObject(4, uuid);
                if (ps.executeUpdate() == 0) {
                    throw new NotFoundError("Found no location with ID " + id);
                }
            } catch (java.sql.SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new ConflictError("Location " + type + ":" + target + " already exists");
                }
                throw e;
            }
            List<String> roots = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM refresh_state_references WHERE source_location_id = ? RETURNING target_entity_ref")) {
                ps.setObject(1, uuid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        roots.add(rs.getString(1));
                    }
                }
            }
            List<HistoryRepository.Pending> history = new ArrayList<>();
            processing.deleteSubtree(c, roots, history);
            HistoryRepository.write(c, history);
            // the rows a registration writes for its Location entity
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO refresh_state (entity_id, entity_ref, unprocessed_entity, location_key, origin_location_id, next_update_at)
                    VALUES (?, ?, ?::jsonb, ?, ?, now())
                    ON CONFLICT (entity_ref) DO UPDATE SET unprocessed_entity = EXCLUDED.unprocessed_entity,
                        location_key = EXCLUDED.location_key, origin_location_id = EXCLUDED.origin_location_id, next_update_at = now()""")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, ref);
                ps.setString(3, generated.toString());
                ps.setString(4, type + ":" + target);
                ps.setObject(5, uuid);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO refresh_state_references (source_location_id, target_entity_ref) VALUES (?, ?)")) {
                ps.setObject(1, uuid);
                ps.setString(2, ref);
                ps.executeUpdate();
            }
            return null;
        });
        documents.invalidateAll();
        return new Location(current.id(), type, target);
    }
}
