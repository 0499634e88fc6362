package dev.atrium.catalog.search;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Facet counts kept in {@code facet_counts} (migrations V3 and V8) for the fields in
 * {@code atrium.catalog.facets.summarized}, and when they answer a request. At start the configured fields
 * are added to {@code facet_keys}; a newly added field has its counts built from the search table while
 * writes to it wait, so the counts are exact from then on ({@link SearchRepository#keepCountsFor}).
 */
@ApplicationScoped
public class FacetSummary {
    private static final Logger LOG = Logger.getLogger(FacetSummary.class);

    @ConfigProperty(name = "atrium.catalog.facets.summarized",
            defaultValue = "kind,spec.type,spec.lifecycle,metadata.namespace,metadata.tags,spec.owner,spec.system,spec.domain")
    List<String> configured;

    @Inject
    SearchRepository repository;

    private volatile Set<String> keys = Set.of();

    void start(@Observes StartupEvent event) {
        Set<String> wanted = new LinkedHashSet<>();
        configured.forEach(k -> wanted.add(k.trim().toLowerCase(Locale.ROOT)));
        wanted.remove("");
        List<String> added = repository.keepCountsFor(wanted);
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
        return OptionalLong.of(repository.keptCount(s.key(), s.values()));
    }

    /** (original value, count) pairs of a summarized field, zero counts left out. */
    public List<Object[]> counts(String key) {
        return repository.keptCounts(key);
    }
}
