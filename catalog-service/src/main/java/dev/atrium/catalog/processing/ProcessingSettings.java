package dev.atrium.catalog.processing;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.catalog.refresh.RefreshStateRepository;
import dev.atrium.catalog.store.Database;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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

    @Inject
    ProcessingSettingsRepository settings;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    String fingerprint() {
        return "version=" + version + ";" + EntityProcessor.rulesFingerprint(config.rules());
    }

    void start(@Observes StartupEvent event) {
        String current = fingerprint();
        int requeued = db.inTransaction(c -> {
            if (current.equals(settings.lockFingerprint(c))) {
                return 0;
            }
            int n = refreshState.requeueAll(c, config.processing().interval().toMillis() / 1000.0);
            settings.saveFingerprint(c, current);
            return n;
        });
        if (requeued > 0) {
            LOG.infof("processing rules or version changed: %d entities re-processed within %s", requeued, config.processing().interval());
        }
    }
}
