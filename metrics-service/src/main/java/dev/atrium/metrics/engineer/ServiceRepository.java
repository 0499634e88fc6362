package dev.atrium.metrics.engineer;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The only class that reads or writes {@code services}. */
@ApplicationScoped
public class ServiceRepository implements PanacheRepositoryBase<ServiceEntry, String> {

    public void upsert(String componentRef, String name, String ownerTeam, String repositorySlug) {
        ServiceEntry s = findById(componentRef);
        boolean created = s == null;
        if (created) {
            s = new ServiceEntry();
            s.componentRef = componentRef;
        }
        s.name = name;
        s.ownerTeam = ownerTeam;
        s.repositorySlug = repositorySlug == null ? null : repositorySlug.toLowerCase(Locale.ROOT);
        s.updatedAt = Instant.now();
        if (created) {
            persist(s);
        }
    }

    public Optional<ServiceEntry> byName(String name) {
        return find("name", name.toLowerCase(Locale.ROOT)).firstResultOptional();
    }

    public Optional<ServiceEntry> byRepository(String slug) {
        return find("repositorySlug", slug.toLowerCase(Locale.ROOT)).firstResultOptional();
    }
}
