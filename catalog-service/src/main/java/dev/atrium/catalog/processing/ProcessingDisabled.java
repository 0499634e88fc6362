package dev.atrium.catalog.processing;

import dev.atrium.catalog.config.CatalogConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Skips processing-loop ticks on instances configured to serve reads only. */
@Singleton
public class ProcessingDisabled implements Scheduled.SkipPredicate {
    @Inject
    CatalogConfig config;

    @Inject
    ProcessingLoop loop;

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.processing().enabled() || loop.paused();
    }
}
