package dev.atrium.hub.web;

import dev.atrium.hub.config.HubConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * Runs a page's service calls side by side, each on its own virtual thread. The request's CDI and
 * security context travel with each call ({@link ThreadContext}), so every call still forwards the
 * signed-in user's token; a call that outlives the page's fetch budget counts as that service not
 * answering.
 */
@ApplicationScoped
public class Parallel {
    private static final Logger LOG = Logger.getLogger(Parallel.class);

    @Inject
    ThreadContext context;

    @Inject
    HubConfig config;

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hub-fetch-", 0).factory());

    public <T> Future<Fetched<T>> submit(Supplier<Fetched<T>> call) {
        return CompletableFuture.supplyAsync(context.contextualSupplier(call), executor);
    }

    public <T> Fetched<T> join(Future<Fetched<T>> future, String service) {
        return join(future, service, config.pages().fetchBudget());
    }

    /** Waits at most {@code budget} for the call. */
    public <T> Fetched<T> join(Future<Fetched<T>> future, String service, java.time.Duration budget) {
        try {
            return future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.debugf("%s did not answer within %s", service, budget);
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

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
