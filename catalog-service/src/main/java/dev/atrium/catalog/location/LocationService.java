package dev.atrium.catalog.location;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.entity.EntityService;
import dev.atrium.catalog.entity.ReadCache;
import dev.atrium.catalog.history.HistoryRepository;
import dev.atrium.catalog.processing.LocationExpander;
import dev.atrium.catalog.processing.Outcome;
import dev.atrium.catalog.processing.ProcessingError;
import dev.atrium.catalog.processing.ProcessingRepository;
import dev.atrium.catalog.reading.LocationReader;
import dev.atrium.catalog.reading.ReadBudget;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.refresh.RefreshPolicy;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.refresh.RowsDue;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Registering, listing and removing locations; dry runs that read a location without storing it.
 * Both expand Locations through the {@link LocationExpander}, like the processing loop.
 */
@ApplicationScoped
public class LocationService {
    /** How deep a dry run follows nested Locations. */
    private static final int MAX_DRY_RUN_DEPTH = 10;

    @Inject
    Event<RowsDue> rowsDue;

    @Inject
    Database db;

    @Inject
    ReadCache documents;

    @Inject
    LocationReader reader;

    @Inject
    LocationExpander expander;

    @Inject
    LocationRepository locations;

    @Inject
    RefreshStateRepository refreshState;

    @Inject
    RefreshPolicy refreshPolicy;

    @Inject
    ProcessingRepository processing;

    @Inject
    EntityService entities;

    @Inject
    CatalogConfig config;

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
        annotations.put(LocationExpander.MANAGED_BY_LOCATION, type + ":" + target);
        annotations.put(LocationExpander.MANAGED_BY_ORIGIN_LOCATION, type + ":" + target);
        ObjectNode spec = e.putObject("spec");
        spec.put("type", type);
        spec.put("target", target);
        return e;
    }

    /**
     * Registers a location (or only reads it, for a dry run). Registration reads the root target
     * only: when it cannot be read the registration is refused and nothing is stored; otherwise the
     * location is stored, and every entity of the root target that cannot be ingested is reported
     * (the processing loop reads the rest). When the caller may register none of the entities the
     * root target holds, it is refused. A location that is already registered is a conflict, or
     * with {@code refreshOnConflict} is made due for processing (by someone who may refresh it).
     */
    public AddLocationResponse register(LocationSpec spec, boolean dryRun, boolean refreshOnConflict, AtriumUser user) {
        if (spec == null) {
            throw new InputError("Request body must be an object with type and target");
        }
        String type = spec.type() == null ? null : spec.type().trim().toLowerCase(Locale.ROOT);
        String target = spec.target() == null ? null : spec.target().trim();
        reader.checkTarget(type, target);
        Optional<LocationRepository.Stored> existing = locations.find(type, target);
        if (dryRun) {
            return dryRun(type, target, user, existing.isPresent());
        }
        if (existing.isPresent()) {
            if (refreshOnConflict) {
                refreshPolicy.checkLocation(user, existing.get().id(), existing.get().registrantJson());
                entities.refresh(existing.get().location().entityRef());
                return new AddLocationResponse(existing.get().location(), List.of(), null, List.of());
            }
            throw new ConflictError("Location " + type + ":" + target + " already exists");
        }
        ObjectNode generated = generatedLocationEntity(type, target);
        String key = type + ":" + target;
        LocationExpander.Expansion root;
        try (LocationReader.Session session = reader.open(ReadBudget.forPass(config.reading()))) {
            root = expander.expand(new LocationExpander.Request(generated, key, key, user, session, new HashSet<>(), null, null, true));
        }
        refuseWhenNothingMayBeRegistered(root);
        UUID id = UUID.randomUUID();
        String ref = EntityRef.of("Location", "default", generated.path("metadata").path("name").asText()).canonical();
        String errorsJson = root.errors().isEmpty() ? null : json(root.errors());
        db.inTransaction(c -> {
            if (!locations.insert(c, id, type, target, refreshState.registrantJson(user), user.subject())) {
                throw new ConflictError("Location " + type + ":" + target + " already exists");
            }
            refreshState.insertRoot(c, id, ref, generated.toString(), key, errorsJson);
            return null;
        });
        rowsDue.fire(new RowsDue());
        return new AddLocationResponse(new Location(id.toString(), type, target), List.of(), null, root.errors());
    }

    private static void refuseWhenNothingMayBeRegistered(LocationExpander.Expansion root) {
        if (root.children().isEmpty() && root.refused() > 0) {
            List<FieldError> reasons = root.errors().stream().filter(e -> "NotAllowedError".equals(e.name()))
                    .map(e -> new FieldError(e.name(), e.field(), e.describe())).toList();
            throw new NotAllowedError("You may register only entities your teams own (or that belong to a domain they own); "
                    + "this location holds none", reasons);
        }
    }

    /**
     * Reads a location and, recursively, the Locations it holds, as processing would ingest them
     * for {@code user}, storing nothing. The root target must be readable; every other problem is
     * reported with the entities that would be ingested.
     */
    private AddLocationResponse dryRun(String type, String target, AtriumUser user, boolean exists) {
        ObjectNode root = generatedLocationEntity(type, target);
        String key = type + ":" + target;
        List<ObjectNode> out = new ArrayList<>(List.of(root));
        List<ProcessingError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(EntityRef.of("Location", "default", root.path("metadata").path("name").asText()).canonical());
        record Pending(ObjectNode location, String ownKey, int depth) {
        }
        Deque<Pending> queue = new ArrayDeque<>(List.of(new Pending(root, key, 0)));
        try (LocationReader.Session session = reader.open(ReadBudget.forPass(config.reading()))) {
            boolean first = true;
            while (!queue.isEmpty()) {
                Pending p = queue.poll();
                if (p.depth() > MAX_DRY_RUN_DEPTH) {
                    errors.add(new ProcessingError("InputError", null, "Locations nest deeper than " + MAX_DRY_RUN_DEPTH
                            + " levels; this one is not read", p.ownKey(), null, null));
                    continue;
                }
                LocationExpander.Expansion x = expander.expand(new LocationExpander.Request(p.location(), p.ownKey(), key, user,
                        session, seen, null, null, first));
                if (first) {
                    refuseWhenNothingMayBeRegistered(x);
                    first = false;
                }
                errors.addAll(x.errors());
                for (Outcome.Child child : x.children()) {
                    ObjectNode entity = child.entity();
                    out.add(entity);
                    if (entity.path("kind").asText().equalsIgnoreCase("Location")) {
                        queue.add(new Pending(entity, child.locationKey(), p.depth() + 1));
                    }
                }
            }
        }
        return new AddLocationResponse(new Location(key, type, target), out, exists, errors);
    }

    public List<Location> list() {
        return locations.list();
    }

    public Location get(String id) {
        return stored(id).location();
    }

    private LocationRepository.Stored stored(String id) {
        return EntityService.parseUuid(id).flatMap(locations::byId).orElseThrow(() -> new NotFoundError("Found no location with ID " + id));
    }

    /**
     * Unregisters a location and removes the entities only it emitted. Platform admins and the user
     * who registered it may; anyone else only when their teams own every entity read through it,
     * and never while it has none.
     */
    public void delete(String id, AtriumUser user) {
        LocationRepository.Stored location = stored(id);
        UUID uuid = location.id();
        mayChange(location, user, "remove");
        db.inTransaction(c -> {
            refreshState.lockLocation(c, uuid);
            List<String> roots = refreshState.removeLocationReferences(c, uuid);
            List<HistoryRepository.Pending> history = new ArrayList<>();
            processing.deleteSubtree(c, roots, history);
            HistoryRepository.write(c, history);
            locations.delete(c, uuid);
            return null;
        });
        documents.invalidateAll();
    }

    private boolean isRegistrant(AtriumUser user, String registrantJson) {
        try {
            AtriumUser registrant = refreshState.registrant(registrantJson);
            return registrant != null && !registrant.subject().isEmpty() && registrant.subject().equals(user.subject());
        } catch (IOException e) {
            return false;
        }
    }

    /** The registered location an entity came from (by its origin annotation). */
    public Location byEntity(String kind, String namespace, String name) {
        ObjectNode entity = entities.byName(kind, namespace, name);
        String origin = entity.path("metadata").path("annotations").path(LocationExpander.MANAGED_BY_ORIGIN_LOCATION).asText(null);
        if (origin != null && origin.indexOf(':') > 0) {
            Optional<LocationRepository.Stored> l = locations.find(origin.substring(0, origin.indexOf(':')), origin.substring(origin.indexOf(':') + 1));
            if (l.isPresent()) {
                return l.get().location();
            }
        }
        throw new NotFoundError("No location found for entity " + EntityService.refOf(entity));
    }

    /** Processing state and errors of everything read through a registered location. */
    public LocationStatus status(String id) {
        Location location = get(id);
        List<LocationStatus.EntityErrors> errors = new ArrayList<>();
        OffsetDateTime processedAt = null;
        boolean rootDone = false;
        int pending = 0;
        int count = 0;
        for (RefreshStateRepository.StatusRow row : refreshState.statusOf(UUID.fromString(location.id()))) {
            if (row.errorsJson() != null) {
                try {
                    errors.add(new LocationStatus.EntityErrors(row.entityRef(), List.of(mapper.readValue(row.errorsJson(), ProcessingError[].class))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (row.lastProcessedAt() == null) {
                pending++;
            }
            if (row.visible()) {
                count++;
            }
            if (row.root()) {
                processedAt = row.lastProcessedAt();
                rootDone = processedAt != null;
            }
        }
        String state = !errors.isEmpty() ? "error" : pending > 0 || !rootDone ? "pending" : "ok";
        return new LocationStatus(location, state, processedAt, count, errors);
    }

    private String json(List<ProcessingError> errors) {
        try {
            return mapper.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Platform admins and the user who registered a location may change or remove it; anyone else
     * only when their teams own every entity read through it, and never while it has none.
     */
    private void mayChange(LocationRepository.Stored location, AtriumUser user, String what) {
        if (!user.platformAdmin() && !isRegistrant(user, location.registrantJson())) {
            List<String> owners = refreshState.ownersIn(location.id());
            if (owners.isEmpty() || owners.stream().anyMatch(owner -> !Policy.canEdit(user, owner, null))) {
                throw new NotAllowedError("Only platform admins, the user who registered it or the owners of all its entities may "
                        + what + " location " + location.location().id());
            }
        }
    }

    // ---- Changing a registered location (PUT /locations/{id}) ---------------------------------------

    /**
     * Points a registered location at another type and target, keeping its id (Backstage's
     * {@code updateLocation}). The caller must be allowed to remove the location and to register
     * what the new root target holds; the new root target is read first, and nothing changes if that
     * fails. Then, in one transaction, the entities read through the old target are removed (with
     * their history) and the Location entity of the new target is due at once. The caller becomes
     * the identity the location was registered by: they chose what it now holds.
     */
    public Location update(String id, LocationSpec spec, AtriumUser user) {
        LocationRepository.Stored current = stored(id);
        if (spec == null || spec.target() == null) {
            throw new InputError("Request body must be an object with type and target");
        }
        String type = spec.type() == null ? "url" : spec.type().trim().toLowerCase(Locale.ROOT);
        String target = spec.target().trim();
        reader.checkTarget(type, target);
        mayChange(current, user, "change");
        if (type.equals(current.location().type()) && target.equals(current.location().target())) {
            return current.location();
        }
        Optional<LocationRepository.Stored> other = locations.find(type, target);
        if (other.isPresent() && !other.get().id().equals(current.id())) {
            throw new ConflictError("Location " + type + ":" + target + " already exists");
        }
        ObjectNode generated = generatedLocationEntity(type, target);
        String key = type + ":" + target;
        LocationExpander.Expansion root;
        try (LocationReader.Session session = reader.open(ReadBudget.forPass(config.reading()))) {
            root = expander.expand(new LocationExpander.Request(generated, key, key, user, session, new HashSet<>(), null, null, true));
        }
        refuseWhenNothingMayBeRegistered(root);
        UUID uuid = current.id();
        String ref = EntityRef.of("Location", "default", generated.path("metadata").path("name").asText()).canonical();
        String errorsJson = root.errors().isEmpty() ? null : json(root.errors());
        db.inTransaction(c -> {
            refreshState.lockLocation(c, uuid);
            if (!locations.retarget(c, uuid, type, target, refreshState.registrantJson(user), user.subject())) {
                throw new ConflictError("Location " + type + ":" + target + " already exists");
            }
            List<String> roots = refreshState.removeLocationReferences(c, uuid);
            List<HistoryRepository.Pending> history = new ArrayList<>();
            processing.deleteSubtree(c, roots, history);
            HistoryRepository.write(c, history);
            refreshState.insertRoot(c, uuid, ref, generated.toString(), key, errorsJson);
            return null;
        });
        documents.invalidateAll();
        return new Location(current.location().id(), type, target);
    }
}
