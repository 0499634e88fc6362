package dev.atrium.hub.web;

import dev.atrium.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Runs a page's service calls side by side. The managed executor carries the request's CDI and security
 * context to its threads, so each call still forwards the signed-in user's token; a call that outlives
 * the page's fetch budget counts as that service not answering.
 */
@ApplicationScoped
public class Parallel {
    private static final Logger LOG = Logger.getLogger(Parallel.class);

    @Inject
    ManagedExecutor executor;

    @Inject
    HubConfig config;

    public <T> Future<Fetched<T>> submit(Supplier<Fetched<T>> call) {
        return executor.supplyAsync(call);
    }

    public <T> Fetched<T> join(Future<Fetched<T>> future, String service) {
        try {
            return future.get(config.pages().fetchBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.warnf("%s did not answer within the page's fetch budget", service);
            return Fetched.failed(Problem.unreachable(service));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetched.failed(Problem.unreachable(service));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
