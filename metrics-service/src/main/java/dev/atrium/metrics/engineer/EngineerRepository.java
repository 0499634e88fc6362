package dev.atrium.metrics.engineer;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;

/** The only class that reads or writes {@code engineers}. */
@ApplicationScoped
public class EngineerRepository implements PanacheRepositoryBase<Engineer, String> {

    /** Creates or updates an engineer; null fields leave the stored value alone. */
    public Engineer upsert(String username, String team, LocalDate startDate, String email, String scmLogin, String source) {
        String key = username.toLowerCase(Locale.ROOT);
        Engineer e = findById(key);
        boolean created = e == null;
        if (created) {
            e = new Engineer();
            e.username = key;
        }
        e.team = team != null ? dev.atrium.metrics.event.IngestService.shortTeam(team).toLowerCase(Locale.ROOT) : e.team;
        e.startDate = startDate != null ? startDate : e.startDate;
        e.email = email != null ? email : e.email;
        e.scmLogin = scmLogin != null ? scmLogin : e.scmLogin;
        e.source = source;
        e.active = true;
        e.updatedAt = Instant.now();
        if (created) {
            persist(e);
        }
        return e;
    }

    /** Marks catalog-sourced engineers missing from the latest complete catalog read as inactive. */
    public int deactivateCatalogEngineersNotIn(Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return update("active = false, updatedAt = ?1 where source = ?2 and active = true", Instant.now(), Engineer.CATALOG);
        }
        return update("active = false, updatedAt = ?1 where source = ?2 and active = true and username not in ?3",
                Instant.now(), Engineer.CATALOG, usernames);
    }
}
