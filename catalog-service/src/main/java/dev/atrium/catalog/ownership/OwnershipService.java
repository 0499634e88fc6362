package dev.atrium.catalog.ownership;

import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.catalog.entity.EntityRepository;
import dev.atrium.catalog.entity.RelationRepository;
import dev.atrium.catalog.store.Database;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotFoundError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Two-tier ownership (DESIGN §3): what a team owns directly, what the domains it owns contain
 * (through the systems of other teams), and what its child teams own.
 */
@ApplicationScoped
public class OwnershipService {

    @Inject
    Database db;

    @Inject
    EntityRepository entities;

    @Inject
    RelationRepository relations;

    /** The ownership view of one group. */
    @Schema(name = "Ownership")
    public record Ownership(String groupRef, List<String> direct, List<DomainOwnership> domains, List<TeamOwnership> childTeams) {
    }

    /** A domain the group owns and everything inside it. */
    public record DomainOwnership(String domainRef, List<String> systems, List<String> entities) {
    }

    /** A child team and what it owns directly. */
    public record TeamOwnership(String groupRef, List<String> owned) {
    }

    public Ownership of(String rawRef) {
        EntityRef ref = EntityRef.parse(rawRef, "group", EntityRef.DEFAULT_NAMESPACE);
        if (!ref.kind().equalsIgnoreCase("group")) {
            throw new InputError("Ownership is defined for groups; got " + ref.canonical());
        }
        String group = ref.canonical();
        if (entities.byRef(group).isEmpty()) {
            throw new NotFoundError("No group " + group + " in the catalog");
        }
        return db.read(c -> {
            List<String> direct = related(c, group, "ownerOf");
            List<DomainOwnership> domains = new ArrayList<>();
            for (String d : direct) {
                if (!d.startsWith("domain:")) {
                    continue;
                }
                Set<String> systems = new LinkedHashSet<>();
                Set<String> inside = new LinkedHashSet<>();
                List<String> todo = new ArrayList<>(List.of(d));
                Set<String> seen = new LinkedHashSet<>();
                while (!todo.isEmpty()) {
                    String parent = todo.remove(0);
                    if (!seen.add(parent)) {
                        continue;
                    }
                    for (String part : related(c, parent, "hasPart")) {
                        if (part.startsWith("system:")) {
                            systems.add(part);
                        } else if (!part.startsWith("domain:")) {
                            inside.add(part);
                        }
                        todo.add(part);
                    }
                }
                domains.add(new DomainOwnership(d, List.copyOf(systems), List.copyOf(inside)));
            }
            List<TeamOwnership> teams = new ArrayList<>();
            for (String child : related(c, group, "parentOf")) {
                teams.add(new TeamOwnership(child, related(c, child, "ownerOf")));
            }
            return new Ownership(group, direct, domains, teams);
        });
    }

    /** Targets of {@code source --type-->} that exist as entities, sorted. */
    private List<String> related(Connection c, String source, String type) throws SQLException {
        return relations.existingTargets(c, source, type);
    }
}
