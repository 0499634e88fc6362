package dev.atrium.access.status;

import dev.atrium.access.audit.AuditLog;
import dev.atrium.access.catalog.CatalogClient;
import dev.atrium.access.catalog.CatalogModel;
import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Model status: every probe round reads the AIModels from the catalog and probes each one's
 * {@code atrium.dev/health-url} (GET, no redirects, bounded time and concurrency); owners may override the
 * result. Probes only read status codes and times, never bodies.
 */
@ApplicationScoped
public class ModelStatusService {
    private static final Logger LOG = Logger.getLogger(ModelStatusService.class);
    private static final int PROBE_CONCURRENCY = 16;
    private static final Set<String> SETTABLE = Set.of(StatusRules.OPERATIONAL, StatusRules.DEGRADED, StatusRules.DEPRECATED);

    @Inject
    AccessConfig config;

    @Inject
    CatalogClient catalog;

    @Inject
    ModelStatusRepository repository;

    @Inject
    AuditLog audit;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("probe-", 0).factory());

    @Schema(name = "ModelStatusOverride")
    public record StatusOverride(@Schema(description = "operational, degraded or deprecated", required = true) String status,
            @Schema(maxLength = 1000) String reason,
            @Schema(description = "When the override lapses (default: until removed)") Instant until) {
    }

    @Schema(name = "ModelStatus")
    public record View(String modelRef, String title, String owner, String lifecycle,
            @Schema(description = "operational, degraded, deprecated or unknown") String status,
            @Schema(description = "What decided it: override, lifecycle, probe or none") String source,
            String healthUrl, Integer latencyMs, String lastError, int consecutiveFailures, Instant probedAt,
            String overrideStatus, String overrideReason, String overrideBy, Instant overrideUntil) {
    }

    @Scheduled(every = "${atrium.access.status.probe-interval:60S}", delayed = "5S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = ProbesDisabled.class)
    void scheduled() {
        try {
            probeRound();
        } catch (RuntimeException e) {
            LOG.warnf("model status round skipped: %s", e.getMessage());
        }
    }

    /** Reads the catalog's models, records them and probes those with a health URL; returns how many were probed. */
    public int probeRound() {
        List<CatalogModel> models = catalog.allModels(config.status().maxModels());
        record(models);
        Semaphore slots = new Semaphore(PROBE_CONCURRENCY);
        List<Future<?>> running = new ArrayList<>();
        for (CatalogModel m : models) {
            if (m.healthUrl() == null || !probeable(m.healthUrl())) {
                continue;
            }
            running.add(probes.submit(() -> {
                slots.acquireUninterruptibly();
                try {
                    probe(m.ref(), m.healthUrl());
                } finally {
                    slots.release();
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                LOG.debugf("probe failed: %s", e.getMessage());
            }
        }
        return running.size();
    }

    static boolean probeable(String url) {
        try {
            URI u = URI.create(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Transactional
    void record(List<CatalogModel> models) {
        Instant now = Instant.now();
        for (CatalogModel m : models) {
            ModelStatus s = repository.findById(m.ref());
            if (s == null) {
                s = new ModelStatus();
                s.modelRef = m.ref();
                s.seenAt = now;
                s.title = m.title();
                s.ownerRef = m.owner();
                s.lifecycle = m.lifecycle();
                s.healthUrl = m.healthUrl();
                repository.persist(s);
            }
            s.title = m.title();
            s.ownerRef = m.owner();
            s.lifecycle = m.lifecycle();
            if (!java.util.Objects.equals(s.healthUrl, m.healthUrl())) {
                s.probedStatus = null;
                s.consecutiveFailures = 0;
            }
            s.healthUrl = m.healthUrl();
            s.seenAt = now;
        }
    }

    /** Probes one model now and records the outcome. */
    public void probe(String ref, String url) {
        long start = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(config.status().probeTimeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status / 100 != 2) {
                error = "HTTP " + status;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        if (error == null && latency.compareTo(config.status().degradedLatency()) > 0) {
            error = "slow: " + latency.toMillis() + " ms";
        }
        recordProbe(ref, status, latency, error);
    }

    @Transactional
    void recordProbe(String ref, Integer httpStatus, Duration latency, String error) {
        ModelStatus s = repository.lock(ref);
        if (s == null) {
            return;
        }
        boolean failed = StatusRules.failed(httpStatus, latency, config.status().degradedLatency());
        s.consecutiveFailures = failed ? s.consecutiveFailures + 1 : 0;
        s.probedStatus = StatusRules.afterProbe(s.consecutiveFailures, config.status().failuresBeforeDegraded());
        s.latencyMs = (int) Math.min(Integer.MAX_VALUE, latency.toMillis());
        s.lastError = error == null ? null : (error.length() > 300 ? error.substring(0, 300) : error);
        s.probedAt = Instant.now();
    }

    @Transactional
    public List<View> all() {
        Instant now = Instant.now();
        return repository.all().stream().map(s -> view(s, now)).toList();
    }

    @Transactional
    public View get(String ref) {
        ModelStatus s = repository.findById(canonical(ref));
        if (s == null) {
            throw new NotFoundError("No status for " + ref + " (not an AIModel in the catalog, or not seen yet)");
        }
        return view(s, Instant.now());
    }

    /** Sets an owner's override; only the model's owner group (commons Policy) or a platform admin may. */
    @Transactional
    public View override(AtriumUser user, String ref, StatusOverride body) {
        if (body == null || body.status() == null || !SETTABLE.contains(body.status().toLowerCase(Locale.ROOT))) {
            throw new InputError("Invalid status override", List.of(FieldError.of("status", "must be one of " + SETTABLE)));
        }
        if (body.reason() != null && body.reason().length() > config.requests().maxReasonLength()) {
            throw new InputError("Invalid status override", List.of(FieldError.of("reason", "must be at most "
                    + config.requests().maxReasonLength() + " characters")));
        }
        Instant now = Instant.now();
        if (body.until() != null && !body.until().isAfter(now)) {
            throw new InputError("Invalid status override", List.of(FieldError.of("until", "must be in the future")));
        }
        ModelStatus s = lockOwned(user, ref);
        s.overrideStatus = body.status().toLowerCase(Locale.ROOT);
        s.overrideReason = body.reason();
        s.overrideBy = user.username();
        s.overrideUntil = body.until();
        audit.append(user.username(), "model.status.override", "model:" + s.modelRef, s.ownerRef, AuditLog.details(
                "status", s.overrideStatus, "reason", s.overrideReason, "until", s.overrideUntil == null ? null : s.overrideUntil.toString()));
        return view(s, now);
    }

    @Transactional
    public View clearOverride(AtriumUser user, String ref) {
        ModelStatus s = lockOwned(user, ref);
        s.overrideStatus = null;
        s.overrideReason = null;
        s.overrideBy = null;
        s.overrideUntil = null;
        audit.append(user.username(), "model.status.override-cleared", "model:" + s.modelRef, s.ownerRef, java.util.Map.of());
        return view(s, Instant.now());
    }

    private ModelStatus lockOwned(AtriumUser user, String ref) {
        ModelStatus s = repository.lock(canonical(ref));
        if (s == null) {
            throw new NotFoundError("No status for " + ref + " (not an AIModel in the catalog, or not seen yet)");
        }
        if (!Policy.canEdit(user, s.ownerRef, null)) {
            throw new NotAllowedError("Only the owner of " + s.modelRef + " (" + s.ownerRef + ") or a platform admin may override its status");
        }
        return s;
    }

    private static String canonical(String ref) {
        return EntityRefs.parse(ref, "aimodel", "model").toString();
    }

    static View view(ModelStatus s, Instant now) {
        StatusRules.Status status = StatusRules.of(s, now);
        return new View(s.modelRef, s.title, s.ownerRef, s.lifecycle, status.status(), status.source(), s.healthUrl, s.latencyMs,
                s.lastError, s.consecutiveFailures, s.probedAt, s.overrideStatus, s.overrideReason, s.overrideBy, s.overrideUntil);
    }

    /** Skips probes when {@code atrium.access.status.probes-enabled=false}. */
    @ApplicationScoped
    public static class ProbesDisabled implements Scheduled.SkipPredicate {
        @Inject
        AccessConfig config;

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.status().probesEnabled();
        }
    }
}
