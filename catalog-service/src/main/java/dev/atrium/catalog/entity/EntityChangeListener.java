package dev.atrium.catalog.entity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Receives PostgreSQL's {@code atrium_entity_changes} notifications (migration V2) on a connection of its own and
 * hands them to the {@link ReadCache}. A heartbeat query proves the connection alive whenever no notification
 * arrives for {@code atrium.catalog.cache.listener.heartbeat}; a connection that fails, is ended by the server
 * ({@code pg_terminate_backend}) or does not answer within the timeout is dropped and opened again, with growing
 * waits. While it is down the cache is emptied and bypassed, so no notification can be missed; readiness stays UP
 * and reports the state (see {@link ListenerHealth}). See docs/decisions/0006.
 */
@ApplicationScoped
public class EntityChangeListener {
    private static final Logger LOG = Logger.getLogger(EntityChangeListener.class);
    static final String CHANNEL = "atrium_entity_changes";
    /** {@code application_name} of the listener's connection, so operators (and tests) can find its backend. */
    public static final String APPLICATION_NAME = "atrium-entity-changes";

    @Inject
    CacheConfig config;

    @Inject
    ReadCache cache;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private volatile boolean stopped;
    private volatile boolean connected;
    private volatile long backendPid = -1;
    private final AtomicLong connections = new AtomicLong();
    private Counter reconnects;
    private Counter notifications;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        Gauge.builder("atrium.catalog.cache.listener.connected", this, l -> l.connected ? 1 : 0)
                .description("1 while the entity change listener is connected (the read cache is used), 0 while it reconnects")
                .register(meters);
        reconnects = Counter.builder("atrium.catalog.cache.listener.reconnects")
                .description("Times the entity change listener lost its connection and opened a new one").register(meters);
        notifications = Counter.builder("atrium.catalog.cache.listener.notifications")
                .description("Entity change notifications received").register(meters);
        if (!config.enabled()) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("atrium-entity-changes").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Whether the listener is connected, i.e. the cache may be used. */
    public boolean connected() {
        return connected;
    }

    /** The PostgreSQL backend process of the current connection, or -1 while disconnected. */
    public long backendPid() {
        return backendPid;
    }

    /** Connections opened so far (1 after start, one more after each reconnection). */
    public long connections() {
        return connections.get();
    }

    private void run() {
        Duration wait = config.listener().retry();
        while (!stopped) {
            try (Connection c = open()) {
                wait = config.listener().retry();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (!stopped) {
                    LOG.warnf("entity change listener disconnected (%s); read cache bypassed until it reconnects in %s",
                            e.getMessage(), wait);
                }
            } finally {
                if (connected) {
                    reconnects.increment();
                }
                connected = false;
                backendPid = -1;
                cache.listenerDown();
            }
            if (stopped) {
                return;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(config.listener().maxRetry()) > 0 ? config.listener().maxRetry() : wait.multipliedBy(2);
        }
    }

    private Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("connectTimeout", Long.toString(Math.max(1, config.listener().timeout().toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(url, props);
        // every read on this connection (heartbeats included) fails after the timeout instead of hanging on a
        // connection that died without a word (a lost network path)
        Executor direct = Runnable::run;
        c.setNetworkTimeout(direct, (int) config.listener().timeout().toMillis());
        return c;
    }

    private void listen(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
            try (var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getLong(1);
            }
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        // notifications from here on are received; anything cached before may be stale
        cache.listenerUp();
        connected = true;
        long n = connections.incrementAndGet();
        if (n > 1) {
            LOG.infof("entity change listener reconnected (backend %d); read cache in use again", backendPid);
        }
        long heartbeatMillis = config.listener().heartbeat().toMillis();
        long lastHeard = System.currentTimeMillis();
        while (!stopped) {
            PGNotification[] received = pg.getNotifications((int) Math.min(heartbeatMillis, 1000));
            if (received != null && received.length > 0) {
                for (PGNotification notification : received) {
                    cache.invalidate(notification.getParameter());
                }
                notifications.increment(received.length);
                lastHeard = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastHeard >= heartbeatMillis) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastHeard = System.currentTimeMillis();
            }
        }
    }
}
