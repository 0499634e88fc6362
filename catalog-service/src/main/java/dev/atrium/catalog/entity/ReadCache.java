package dev.atrium.catalog.entity;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Served entity documents by entity ref, and entity counts by query, so that repeated reads skip
 * the database.
 * <p>
 * Every change to an entity or to its relations is announced by PostgreSQL on
 * {@code atrium_entity_changes} (migration V2), whichever instance made it; a listener thread drops
 * exactly those refs. While the listener is not connected the cache is bypassed and emptied, so a
 * missed notification can never leave a stale document behind. A read that raced with a change is
 * not cached: every drop advances a generation, and a document is kept only when the generation did
 * not move while it was being read. A count is reused only while no change at all has arrived since
 * it was taken. See docs/decisions/0006.
 */
@ApplicationScoped
public class ReadCache {
    private static final Logger LOG = Logger.getLogger(ReadCache.class);
    static final String CHANNEL = "atrium_entity_changes";

    @ConfigProperty(name = "atrium.catalog.cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "atrium.catalog.cache.max-entries", defaultValue = "50000")
    int maxEntries;

    @Inject
    AgroalDataSource dataSource;

    private static final int MAX_COUNTS = 2_000;

    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean stopped;
    private Thread listener;

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        listener = Thread.ofPlatform().daemon().name("atrium-entity-changes").start(this::listen);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** The document for {@code ref}, as {@link #getAll} finds it. */
    public Optional<String> get(String ref, Function<List<String>, Map<String, String>> loader) {
        return Optional.ofNullable(getAll(List.of(ref), loader).get(ref));
    }

    /**
     * Documents for {@code refs}: cached ones as they are, the rest read with one call of
     * {@code loader} (which leaves out refs that do not exist) and kept when safe.
     */
    public Map<String, String> getAll(List<String> refs, Function<List<String>, Map<String, String>> loader) {
        if (!listening) {
            return loader.apply(refs);
        }
        Map<String, String> out = new HashMap<>(refs.size() * 2);
        List<String> missing = new ArrayList<>();
        for (String ref : refs) {
            String cached = documents.get(ref);
            if (cached != null) {
                out.put(ref, cached);
            } else {
                missing.add(ref);
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        long before = generation.get();
        Map<String, String> loaded = loader.apply(missing);
        out.putAll(loaded);
        if (listening && generation.get() == before) {
            if (documents.size() + loaded.size() > maxEntries) {
                trim();
            }
            documents.putAll(loaded);
            if (generation.get() != before) {
                loaded.keySet().forEach(documents::remove);
            }
        }
        return out;
    }

    /**
     * The count identified by {@code key} (the query that produces it): reused while no entity has
     * changed since it was computed, otherwise computed again with {@code loader}.
     */
    public long count(String key, LongSupplier loader) {
        if (!listening) {
            return loader.getAsLong();
        }
        long before = generation.get();
        long[] hit = counts.get(key);
        if (hit != null && hit[0] == before) {
            return hit[1];
        }
        long value = loader.getAsLong();
        if (listening && generation.get() == before) {
            if (counts.size() >= MAX_COUNTS) {
                counts.clear();
            }
            counts.put(key, new long[] {before, value});
        }
        return value;
    }

    /** Drops every document; for writes made through this instance's API, visible at once. */
    public void invalidateAll() {
        generation.incrementAndGet();
        documents.clear();
    }

    int size() {
        return documents.size();
    }

    boolean isListening() {
        return listening;
    }

    private void invalidate(String payload) {
        generation.incrementAndGet();
        if ("*".equals(payload)) {
            documents.clear();
            return;
        }
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf('\n', start);
            if (end < 0) {
                end = payload.length();
            }
            documents.remove(payload.substring(start, end));
            start = end + 1;
        }
    }

    /** Evicts about a tenth of the entries, in no particular order, to stay under the bound. */
    private void trim() {
        int toRemove = Math.max(1, maxEntries / 10);
        Iterator<String> it = documents.keySet().iterator();
        while (it.hasNext() && toRemove-- > 0) {
            it.next();
            it.remove();
        }
    }

    private void listen() {
        while (!stopped) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                invalidateAll();
                listening = true;
                LOG.debug("listening for entity changes");
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            invalidate(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopped) {
                    LOG.warnf("entity change listener disconnected (%s); document cache bypassed until it reconnects", e.getMessage());
                }
            } finally {
                listening = false;
                invalidateAll();
            }
            if (!stopped) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
