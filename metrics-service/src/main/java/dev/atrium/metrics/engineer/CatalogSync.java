package dev.atrium.metrics.engineer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.event.IngestService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Copies engineers (catalog User entities with their start-date annotation) and services (Components
 * with owner and repository) from catalog-service, periodically, with the service's own
 * client-credentials token. A User that left the catalog stops counting as an engineer.
 */
@ApplicationScoped
public class CatalogSync {
    private static final Logger LOG = Logger.getLogger(CatalogSync.class);

    @Inject
    MetricsConfig config;

    @Inject
    @RestClient
    CatalogApi catalog;

    @Inject
    OidcClient oidc;

    @Inject
    EngineerRepository engineers;

    @Inject
    ServiceRepository services;

    private volatile Tokens tokens;

    /** What one sync read. */
    public record Result(int users, int usersWithStartDate, int components) {}

    @Scheduled(every = "${atrium.metrics.catalog.sync-interval:15m}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Result r = run();
            LOG.infof("catalog sync: %d users (%d with a start date), %d components", r.users(), r.usersWithStartDate(), r.components());
        } catch (RuntimeException e) {
            LOG.warnf("catalog sync failed, keeping the previous copy: %s", e.getMessage());
        }
    }

    /** Reads every User and Component page by page; throws when the catalog cannot be read. */
    public Result run() {
        Set<String> seen = new HashSet<>();
        int[] withStart = {0};
        int users = readAll("kind=user", List.of("metadata.name", "metadata.annotations", "spec.memberOf", "spec.profile.email"),
                page -> QuarkusTransaction.requiringNew().run(() -> page.forEach(u -> {
                    String name = u.path("metadata").path("name").asText(null);
                    if (name == null) {
                        return;
                    }
                    JsonNode ann = u.path("metadata").path("annotations");
                    LocalDate start = startDate(name, ann.path(config.catalog().startDateAnnotation()).asText(null));
                    if (start != null) {
                        withStart[0]++;
                    }
                    String team = u.path("spec").path("memberOf").path(0).asText(null);
                    String login = config.catalog().scmLoginAnnotations().stream().map(a -> ann.path(a).asText(null))
                            .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
                    engineers.upsert(name, IngestService.shortTeam(team), start,
                            u.path("spec").path("profile").path("email").asText(null), login, Engineer.CATALOG);
                    seen.add(name.toLowerCase(Locale.ROOT));
                })));
        QuarkusTransaction.requiringNew().run(() -> engineers.deactivateCatalogEngineersNotIn(seen));
        int components = readAll("kind=component", List.of("metadata.name", "metadata.namespace", "metadata.annotations", "spec.owner"),
                page -> QuarkusTransaction.requiringNew().run(() -> page.forEach(c -> {
                    String name = c.path("metadata").path("name").asText(null);
                    if (name == null) {
                        return;
                    }
                    String ns = c.path("metadata").path("namespace").asText("default");
                    JsonNode ann = c.path("metadata").path("annotations");
                    String repo = config.catalog().repositoryAnnotations().stream().map(a -> ann.path(a).asText(null))
                            .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
                    services.upsert(("component:" + ns + "/" + name).toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT),
                            c.path("spec").path("owner").asText(null), repo);
                })));
        return new Result(users, withStart[0], components);
    }

    private int readAll(String filter, List<String> fields, Consumer<List<JsonNode>> sink) {
        int total = 0;
        String cursor = null;
        do {
            JsonNode page = cursor == null
                    ? catalog.query(bearer(), filter, fields, config.catalog().pageSize(), null, "exclude")
                    : catalog.query(bearer(), null, fields, config.catalog().pageSize(), cursor, null);
            List<JsonNode> items = new java.util.ArrayList<>();
            page.path("items").forEach(items::add);
            sink.accept(items);
            total += items.size();
            cursor = page.path("pageInfo").path("nextCursor").asText(null);
        } while (cursor != null && total < config.catalog().maxEntities());
        return total;
    }

    private String bearer() {
        Tokens t = tokens;
        if (t == null || t.isAccessTokenExpired() || t.isAccessTokenWithinRefreshInterval()) {
            t = oidc.getTokens().await().atMost(java.time.Duration.ofSeconds(30));
            tokens = t;
        }
        return "Bearer " + t.getAccessToken();
    }

    private static LocalDate startDate(String user, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            LOG.warnf("user %s: start date '%s' is not YYYY-MM-DD; ignored", user, value.length() > 40 ? value.substring(0, 40) : value);
            return null;
        }
    }
}
