package dev.atrium.access.key;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Marks keys past their expiry, audits it and removes their delivered copies. Verification refuses them regardless. */
@ApplicationScoped
public class KeyExpiryJob {
    private static final Logger LOG = Logger.getLogger(KeyExpiryJob.class);

    @Inject
    KeyService keys;

    @Scheduled(every = "${atrium.access.keys.expiry-interval:60S}", delayed = "10S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int n = keys.expireDue();
        if (n > 0) {
            LOG.infof("%d API keys expired", n);
        }
    }
}
