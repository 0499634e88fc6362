package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.entity.EntityRepository;
import dev.atrium.catalog.entity.RelationRepository;
import dev.atrium.catalog.model.KindRegistry;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which entities the identity that registered a location may bring into the catalog, checked at
 * registration and again on every processing pass (docs/decisions/0009). Platform admins may
 * register anything. Anyone else may register Locations, and entities of kinds that have an owner
 * when {@link Policy#canEdit} lets them edit the owner, directly or as owner of the domain of an
 * existing System the entity belongs to. Kinds without an owner relation (Group, User) are for
 * platform admins, whatever {@code spec.owner} a file adds to them. Systems and Domains are only
 * registered by their owners, and a new one (or one moved to another domain) is refused while
 * entities of teams the registrant cannot edit already name it: otherwise declaring a System that
 * does not exist yet, in one's own domain, would make one the domain owner of other teams' entities.
 */
@ApplicationScoped
public class RegistrationPolicy {

    @Inject
    KindRegistry registry;

    @Inject
    EntityRepository entities;

    @Inject
    RelationRepository relations;

    /** Domain owners looked up during one pass or registration, so each System is read once. */
    public final class Lookups {
        private final Map<String, Optional<String>> domainOwners = new HashMap<>();

        Optional<ObjectNode> stored(String ref) {
            return entities.stored(ref);
        }

        List<String> ownersOfParts(String ref) {
            return relations.ownersOfPartsOf(ref);
        }

        Optional<String> domainOwnerOfSystem(String systemRef) {
            return domainOwners.computeIfAbsent(systemRef, ref -> entities.stored(ref)
                    .flatMap(system -> {
                        String domain = system.path("spec").path("domain").asText(null);
                        if (domain == null) {
                            return Optional.empty();
                        }
                        String ns = system.path("metadata").path("namespace").asText(EntityRef.DEFAULT_NAMESPACE);
                        return entities.stored(EntityRef.parse(domain, "domain", ns).canonical())
                                .map(d -> d.path("spec").path("owner").asText(null));
                    }));
        }
    }

    public Lookups lookups() {
        return new Lookups();
    }

    /** Empty when {@code registrant} may register {@code entity}; otherwise why not. */
    public Optional<FieldError> check(AtriumUser registrant, ObjectNode entity, Lookups lookups) {
        String kind = entity.path("kind").asText();
        if (registrant != null && registrant.platformAdmin() || kind.equalsIgnoreCase("Location")) {
            return Optional.empty();
        }
        String ref = EntityRef.of(kind, entity.path("metadata").path("namespace").asText(null),
                entity.path("metadata").path("name").asText()).canonical();
        if (registrant == null) {
            return refused("spec.owner", "No registrant is recorded for this location; " + ref + " is not ingested");
        }
        boolean ownable = registry.find(kind).map(d -> d.relations().stream()
                .anyMatch(r -> r.field().equals("spec.owner") && r.type().equals("ownedBy"))).orElse(false);
        if (!ownable) {
            return refused("kind", kind + " entities have no owner and are registered by platform admins only; " + ref + " is not ingested");
        }
        String owner = entity.path("spec").path("owner").asText(null);
        if (owner == null || owner.isBlank()) {
            return refused("spec.owner", ref + " has no owner; only platform admins register unowned entities");
        }
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("system") || k.equals("domain")) {
            if (!Policy.canEdit(registrant, owner, null)) {
                return refused("spec.owner", "The registrant (" + registrant.username() + ") may only register " + kind
                        + " entities their teams own; " + ref + " is owned by " + owner);
            }
            return claimsOthersEntities(registrant, entity, ref, k, lookups);
        }
        if (Policy.canEdit(registrant, owner, null)) {
            return Optional.empty();
        }
        String domainOwner = domainOwner(entity, kind, lookups);
        if (domainOwner != null && Policy.canEdit(registrant, owner, domainOwner)) {
            return Optional.empty();
        }
        return refused("spec.owner", "The registrant (" + registrant.username() + ") may only register entities their teams own, or that belong "
                + "to a domain their teams own; " + ref + " is owned by " + owner);
    }

    /**
     * A System or Domain that is new (or moves to another parent) must not take in entities of teams
     * the registrant cannot edit: that would hand their domain ownership to someone else.
     */
    private static Optional<FieldError> claimsOthersEntities(AtriumUser registrant, ObjectNode entity, String ref, String kind,
            Lookups lookups) {
        String parentField = kind.equals("system") ? "domain" : "subdomainOf";
        Optional<ObjectNode> stored = lookups.stored(ref);
        boolean moves = stored.isEmpty() || !Objects.equals(stored.get().path("spec").path(parentField).asText(null),
                entity.path("spec").path(parentField).asText(null));
        if (!moves) {
            return Optional.empty();
        }
        List<String> foreign = lookups.ownersOfParts(ref).stream().filter(o -> !Policy.canEdit(registrant, o, null)).sorted().toList();
        if (foreign.isEmpty()) {
            return Optional.empty();
        }
        return refused("metadata.name", "Entities of other teams (" + String.join(", ", foreign) + ") already name " + ref
                + "; registering it (or moving it to another domain) would make its domain owner theirs, so only those teams or a "
                + "platform admin may");
    }

    /** The owner of the domain of the existing System an entity names; Systems and Domains have none here. */
    private static String domainOwner(ObjectNode entity, String kind, Lookups lookups) {
        String k = kind.toLowerCase(Locale.ROOT);
        JsonNode system = entity.path("spec").path("system");
        if (k.equals("system") || k.equals("domain") || !system.isTextual()) {
            return null;
        }
        String ns = entity.path("metadata").path("namespace").asText(EntityRef.DEFAULT_NAMESPACE);
        try {
            return lookups.domainOwnerOfSystem(EntityRef.parse(system.asText(), "system", ns).canonical()).orElse(null);
        } catch (InputError e) {
            return null;
        }
    }

    private static Optional<FieldError> refused(String field, String message) {
        return Optional.of(new FieldError("NotAllowedError", field, message));
    }
}
