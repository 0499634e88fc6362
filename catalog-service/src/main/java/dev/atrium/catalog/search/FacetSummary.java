package dev.atrium.catalog.search;

import dev.atrium.catalog.store.Database;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Facet counts kept by the database (migration V3) for the fields in
 * {@code atrium.catalog.facets.summarized}. At start the configured fields are added to
 * {@code facet_keys}; a newly added field has its counts built from the search table while writes
 * to it wait, so the counts are exact from then on.
 */
@ApplicationScoped
public class FacetSummary {
    private static final Logger LOG = Logger.getLogger(FacetSummary.class);

    @ConfigProperty(name = "atrium.catalog.facets.summarized",
            defaultValue = "kind,spec.type,spec.lifecycle,metadata.namespace,metadata.tags,spec.owner,spec.system,spec.domain")
    List<String> configured;

    @Inject
    Database db;

    private volatile Set<String> keys = Set.of();

    void start(@Observes StartupEvent event) {
        Set<String> wanted = new LinkedHashSet<>();
        configured.forEach(k -> wanted.add(k.trim().toLowerCase(Locale.ROOT)));
        wanted.remove("");
        List<String> added = db.inTransaction(c -> {
            List<String> fresh = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE facet_keys IN EXCLUSIVE MODE");
            }
            Set<String> present = new LinkedHashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key FROM facet_keys")) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
            for (String key : wanted) {
                if (!present.contains(key)) {
                    fresh.add(key);
                }
            }
            if (fresh.isEmpty()) {
                return fresh;
            }
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE search IN SHARE MODE");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO facet_keys (key) SELECT unnest(?::text[])")) {
                ps.setArray(1, Database.textArray(c, fresh));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO facet_counts (key, value, count)
                    SELECT key, original_value, count(*) FROM search
                    WHERE key = ANY(?) AND value IS NOT NULL GROUP BY key, original_value""")) {
                ps.setArray(1, Database.textArray(c, fresh));
                ps.executeUpdate();
            }
            return fresh;
        });
        if (!added.isEmpty()) {
            LOG.infof("facet counts kept for %s", added);
        }
        keys = Set.copyOf(wanted);
    }

    /** Whether unfiltered facets of {@code key} (lower case) can be read from the counts. */
    public boolean covers(String key) {
        return keys.contains(key);
    }

    /** Fields every entity has exactly once, so that a search-row count is an entity count. */
    private static final Set<String> SINGLE_VALUED = Set.of("kind", "metadata.namespace");

    /**
     * The number of entities matching {@code filter}, when the kept counts answer it exactly: a
     * single {@code kind=…} or {@code metadata.namespace=…} statement (any number of values).
     */
    public OptionalLong count(EntityFilter filter) {
        if (filter.anyOf().size() != 1 || filter.anyOf().get(0).size() != 1) {
            return OptionalLong.empty();
        }
        EntityFilter.Statement s = filter.anyOf().get(0).get(0);
        if (s.exists() || !SINGLE_VALUED.contains(s.key()) || !covers(s.key())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(sum(count), 0) FROM facet_counts WHERE key = ? AND lower(value) = ANY(?)")) {
                ps.setString(1, s.key());
                ps.setArray(2, Database.textArray(c, s.values()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }));
    }

    /** (original value, count) pairs of a summarized field, zero counts left out. */
    public List<Object[]> counts(String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value, count FROM facet_counts WHERE key = ? AND count > 0")) {
                ps.setString(1, key);
                List<Object[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getString(1), rs.getLong(2)});
                    }
                }
                return out;
            }
        });
    }
}
