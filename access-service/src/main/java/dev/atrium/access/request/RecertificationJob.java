package dev.atrium.access.request;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Periodically marks old grants as due for recertification and expires those their owners did not confirm in time. */
@ApplicationScoped
public class RecertificationJob {
    private static final Logger LOG = Logger.getLogger(RecertificationJob.class);

    @Inject
    RequestService requests;

    @Scheduled(every = "${atrium.access.recertification.interval:1H}", delayed = "30S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int n = requests.recertificationRound();
        if (n > 0) {
            LOG.infof("recertification: %d grants became due or expired", n);
        }
    }
}
