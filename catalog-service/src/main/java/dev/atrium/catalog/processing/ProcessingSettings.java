package dev.atrium.catalog.processing;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.store.Database;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Entities are re-processed when their input or the model changes (and otherwise only once per
 * {@code entity-interval}). The remaining input of processing is this instance itself: its rules
 * and its version. At start they are compared with what the database was last processed with; on
 * a difference every entity is made due once, spread over one location interval.
 */
@ApplicationScoped
public class ProcessingSettings {
    private static final Logger LOG = Logger.getLogger(ProcessingSettings.class);

    @Inject
    CatalogConfig config;

    @Inject
    Database db;

    @Inject
    RefreshStateRepository refreshState;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    String fingerprint() {
        return "version=" + version + ";" + EntityProcessor.rulesFingerprint(config.rules());
    }

    void start(@Observes StartupEvent event) {
        String current = fingerprint();
        int requeued = db.inTransaction(c -> {
            String previous = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM processing_settings WHERE key = 'fingerprint' FOR UPDATE")) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getString(1);
                    }
                }
            }
            if (current.equals(previous)) {
                return 0;
            }
            int n = refreshState.requeueAll(c, config.processing().interval().toMillis() / 1000.0);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO processing_settings (key, value) VALUES ('fingerprint', ?)
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""")) {
                ps.setString(1, current);
                ps.executeUpdate();
            }
            return n;
        });
        if (requeued > 0) {
            LOG.infof("processing rules or version changed: %d entities re-processed within %s", requeued, config.processing().interval());
        }
    }
}
