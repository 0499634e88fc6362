package dev.atrium.access.key;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.atrium.access.config.AccessConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Bounded cache of key states for the verification hot path (decision 0018). A hit answers without
 * touching PostgreSQL; entries older than {@code refresh-after} are re-read in the background while the old
 * value is served, and none is served older than {@code max-staleness}. Every change to a key row, and usage
 * crossing a key's budget, is announced by a database trigger ({@code NOTIFY atrium_access_keys}); each
 * instance listens on one connection and drops the key at once, so a revocation made on any replica fails
 * verification everywhere within milliseconds, and within {@code max-staleness} even while the listener
 * reconnects.
 */
@ApplicationScoped
public class KeyCache {
    private static final Logger LOG = Logger.getLogger(KeyCache.class);
    static final String CHANNEL = "atrium_access_keys";

    @Inject
    AccessConfig config;

    @Inject
    KeyStateLoader loader;

    @Inject
    AgroalDataSource dataSource;

    private final ExecutorService loads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("key-load-", 0).factory());
    private AsyncLoadingCache<String, KeyState> cache;
    private volatile boolean listening;
    private volatile boolean stopped;
    private Thread listener;

    void start(@Observes StartupEvent event) {
        AccessConfig.Keys.Cache c = config.keys().cache();
        cache = build(c.maxEntries(), c.refreshAfter(), c.maxStaleness(), Ticker.systemTicker(), loader::load, loads);
        listener = Thread.ofPlatform().daemon().name("atrium-key-changes").start(this::listen);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (listener != null) {
            listener.interrupt();
        }
        loads.shutdownNow();
    }

    /** The cache itself, separate from CDI so its timing can be tested with a fake ticker. */
    static AsyncLoadingCache<String, KeyState> build(int maxEntries, Duration refreshAfter, Duration maxStaleness,
            Ticker ticker, Function<String, KeyState> load, ExecutorService executor) {
        return Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .refreshAfterWrite(refreshAfter)
                .expireAfterWrite(maxStaleness)
                .ticker(ticker)
                .executor(executor)
                .buildAsync((hash, ignored) -> CompletableFuture.supplyAsync(() -> load.apply(hash), executor));
    }

    /** The state for a key hash: completed at once on a hit, after one database read on a miss. */
    public CompletableFuture<KeyState> get(String keyHash) {
        return cache.get(keyHash);
    }

    /** Drops one key, e.g. right after this instance changed it (the notification will follow as well). */
    public void invalidate(String keyHash) {
        cache.synchronous().invalidate(keyHash);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Whether change notifications are being received. */
    public boolean listening() {
        return listening;
    }

    public long size() {
        return cache.synchronous().estimatedSize();
    }

    private void listen() {
        long backoff = 500;
        while (!stopped) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                // Changes made while nobody listened are unknown: start from an empty cache.
                invalidateAll();
                listening = true;
                backoff = 500;
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
                    LOG.warnf("key change listener disconnected (%s); cached keys now expire after %s", e.getMessage(),
                            config.keys().cache().maxStaleness());
                }
            } finally {
                listening = false;
            }
            if (!stopped) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }
}
