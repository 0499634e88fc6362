package dev.atrium.metrics.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.metrics.chat.ChatFeedback;
import dev.atrium.metrics.engineer.Engineer;
import dev.atrium.metrics.engineer.EngineerRepository;
import dev.atrium.metrics.engineer.ServiceEntry;
import dev.atrium.metrics.engineer.ServiceRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Stores validated events in one transaction: the event log and its facts, engineers' start dates,
 * and the chat posts for template survey answers. Repeated ids are counted, not stored again.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final int ATTEMPTS = 3;

    @Inject
    EventStore store;

    @Inject
    EngineerRepository engineers;

    @Inject
    ServiceRepository services;

    @Inject
    ChatFeedback chat;

    @Inject
    MeterRegistry registry;

    public IngestResult ingest(List<Event> events) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Event> fresh = QuarkusTransaction.requiringNew().call(() -> storeAll(events));
                java.util.Map<EventType, Long> byType = new java.util.EnumMap<>(EventType.class);
                fresh.forEach(e -> byType.merge(e.type(), 1L, Long::sum));
                byType.forEach((type, n) -> registry.counter("atrium.metrics.events.ingested", "type", type.wireName()).increment(n));
                return new IngestResult(fresh.size(), events.size() - fresh.size());
            } catch (EventStore.StoreException e) {
                if (!e.retryable() || attempt >= ATTEMPTS) {
                    LOG.errorf("storing %d events failed: %s", events.size(), e.getMessage());
                    throw new ServiceUnavailableError("The event store is unavailable; retry the batch");
                }
                LOG.debugf("retrying a batch after %s", e.getMessage());
            }
        }
    }

    private List<Event> storeAll(List<Event> events) {
        List<Event> enriched = enrich(events);
        List<Event> fresh = store.store(enriched);
        for (Event e : fresh) {
            if (e.type() == EventType.ENGINEER_STARTED) {
                engineers.upsert(e.actor(), e.team(), LocalDate.parse(e.text("startDate")), null, null, Engineer.EVENT);
            } else if (e.type() == EventType.SURVEY_ANSWERED && "template".equals(e.text("survey"))) {
                chat.answerReceived(e);
            }
        }
        return fresh;
    }

    /** Deployments and incidents without a team get the owner of their service from the catalog copy. */
    private List<Event> enrich(List<Event> events) {
        Map<String, Optional<ServiceEntry>> byName = new HashMap<>();
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            boolean serviceEvent = e.type() == EventType.DEPLOYMENT_FINISHED || e.type() == EventType.INCIDENT_OPENED
                    || e.type() == EventType.INCIDENT_RESOLVED;
            if (!serviceEvent) {
                out.add(e);
                continue;
            }
            String name = EventStore.serviceName(e.text("service"));
            Optional<ServiceEntry> svc = byName.computeIfAbsent(name, services::byName);
            String team = e.team() != null ? e.team() : svc.map(s -> shortTeam(s.ownerTeam)).orElse(null);
            ObjectNode attrs = e.attributes();
            if (e.type() == EventType.DEPLOYMENT_FINISHED && e.text("repository") == null && svc.isPresent()
                    && svc.get().repositorySlug != null) {
                attrs = attrs.deepCopy();
                attrs.put("repository", svc.get().repositorySlug);
            }
            out.add(new Event(e.id(), e.type(), e.actor(), team, e.time(), attrs));
        }
        return out;
    }

    /** {@code group:default/payments-team} → {@code payments-team}. */
    public static String shortTeam(String ref) {
        if (ref == null) {
            return null;
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return ref.substring(Math.max(slash, colon) + 1);
    }
}
