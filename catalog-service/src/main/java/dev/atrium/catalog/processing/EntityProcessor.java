package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.model.KindDefinition;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.catalog.reading.LocationReader;
import dev.atrium.catalog.reading.ReadBudget;
import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.commons.security.AtriumUser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns one claimed row into an {@link Outcome}: validates it against the active model, emits its
 * relations and, for Location entities, expands it through the {@link LocationExpander} (the path
 * registration and dry runs take too). Touches no database apart from the registrant's domain
 * lookups; the repository writes the outcome. A row that fails unexpectedly becomes an error on
 * that row, never a failed pass.
 */
@ApplicationScoped
public class EntityProcessor {
    private static final Logger LOG = Logger.getLogger(EntityProcessor.class);
    public static final String ORPHAN = "backstage.io/orphan";

    @Inject
    KindRegistry registry;

    @Inject
    LocationReader reader;

    @Inject
    LocationExpander expander;

    @Inject
    CatalogConfig config;

    @Inject
    ObjectMapper mapper;

    @PostConstruct
    void init() {
        rules = rulesFingerprint(config.rules());
    }

    /** The rules, part of every result hash: a location whose files did not change is re-parsed when they change. */
    private String rules;

    /** The rules as one stable string, for result hashes and the processing fingerprint. */
    static String rulesFingerprint(CatalogConfig.Rules rules) {
        return "allow=" + rules.allow() + ";by-type=" + new TreeMap<>(rules.byLocationType());
    }

    /** Processes one row; an unexpected failure is reported on the row (the last good version stays). */
    public Outcome process(Claimed row) {
        try {
            return processRow(row);
        } catch (RuntimeException | StackOverflowError e) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(e, "processing %s failed (error id %s)", row.entityRef(), id);
            return Outcome.failed(row, ProcessingError.of("InternalError", null,
                    "Processing failed unexpectedly (error id " + id + "); the last good version is kept"));
        }
    }

    private Outcome processRow(Claimed row) {
        ObjectNode entity = row.unprocessed().deepCopy();
        MessageDigest digest = sha256();
        digest.update(row.unprocessed().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(registry.fingerprint().getBytes(StandardCharsets.UTF_8));
        digest.update((row.orphan() ? "orphan" : "").getBytes(StandardCharsets.UTF_8));
        digest.update(rules.getBytes(StandardCharsets.UTF_8));
        // the registrant decides what a Location may emit, so another registrant re-reads it
        if (row.registrant() != null) {
            AtriumUser r = row.registrant();
            digest.update((r.subject() + "|" + r.username() + "|" + new TreeSet<>(r.groupRefs()) + "|" + r.platformAdmin())
                    .getBytes(StandardCharsets.UTF_8));
        }

        List<ProcessingError> errors = new ArrayList<>();
        registry.validate(entity, false).forEach(fe -> errors.add(ProcessingError.of(fe.name(), fe.field(), fe.message())));
        List<Relation> relations = List.of();
        EntityRef self = EntityRef.parse(row.entityRef());
        KindDefinition def = registry.find(entity.path("kind").asText()).orElse(null);
        if (errors.isEmpty() && def != null) {
            RelationEmitter.Result emitted = RelationEmitter.emit(entity, self, def);
            relations = emitted.relations();
            emitted.errors().forEach(fe -> errors.add(ProcessingError.of(fe.name(), fe.field(), fe.message())));
        }
        boolean valid = errors.isEmpty();

        List<Outcome.Child> children = null;
        Set<String> retained = new HashSet<>();
        boolean complete = true;
        List<ProcessingError> locationErrors = new ArrayList<>();
        if (valid && "location".equalsIgnoreCase(entity.path("kind").asText())) {
            String ownKey = row.locationKey();
            if (ownKey == null || ownKey.indexOf(':') <= 0) {
                locationErrors.add(ProcessingError.of("InputError", null, "The Location has no location key to resolve its targets against"));
                children = new ArrayList<>();
                complete = false;
            } else {
                String origin = LocationExpander.annotations((ObjectNode) entity.get("metadata")).path(LocationExpander.MANAGED_BY_ORIGIN_LOCATION).asText(ownKey);
                String unchangedHash = row.clean() && row.hasFinal() ? row.resultHash() : null;
                try (LocationReader.Session session = reader.open(ReadBudget.forPass(config.reading()))) {
                    LocationExpander.Expansion x = expander.expand(new LocationExpander.Request(entity, ownKey, origin, row.registrant(),
                            session, new HashSet<>(), digest, unchangedHash, false));
                    children = new ArrayList<>(x.children());
                    retained.addAll(x.retained());
                    locationErrors.addAll(x.errors());
                    complete = x.complete();
                }
            }
        }

        ObjectNode finalEntity = null;
        List<ProcessingError> allErrors = new ArrayList<>(errors);
        allErrors.addAll(locationErrors);
        if (valid) {
            finalEntity = entity;
            ObjectNode metadata = (ObjectNode) finalEntity.get("metadata");
            metadata.put("uid", row.entityId().toString());
            if (!metadata.has("namespace")) {
                metadata.put("namespace", EntityRef.DEFAULT_NAMESPACE);
            }
            if (row.orphan()) {
                LocationExpander.annotations(metadata).put(ORPHAN, "true");
            }
            if (!locationErrors.isEmpty()) {
                finalEntity.set("status", status(locationErrors));
            }
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        boolean unchanged = hash.equals(row.resultHash()) && row.hasFinal() == (finalEntity != null) && complete;
        return new Outcome(row, finalEntity, allErrors, relations, children, retained, complete, hash, unchanged);
    }

    private ObjectNode status(List<ProcessingError> errors) {
        ObjectNode status = mapper.createObjectNode();
        ArrayNode items = status.putArray("items");
        for (ProcessingError e : errors) {
            ObjectNode item = items.addObject();
            item.put("type", "backstage.io/catalog-processing");
            item.put("level", "error");
            item.put("message", e.name() + ": " + e.describe());
            ObjectNode err = item.putObject("error");
            err.put("name", e.name());
            err.put("message", e.describe());
        }
        return status;
    }

    /** The Backstage-style status block for a list of errors (used when an entity keeps an old version). */
    public ObjectNode statusFor(List<ProcessingError> errors) {
        return status(errors);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
