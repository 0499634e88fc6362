package dev.atrium.access.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Appends to the hash-chained audit log. Every request, decision, provisioning step, key event and policy
 * change is recorded here, in the same transaction as the change itself, so a change and its record
 * commit together or not at all. Appends are serialised by one advisory lock held to commit; to keep lock
 * order the same everywhere, a transaction appends its records after its last row change. Details must never
 * carry secrets.
 */
@ApplicationScoped
public class AuditLog {
    /** Canonical JSON: sorted keys, no whitespace, so the stored text is exactly what was hashed. */
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Inject
    AuditRepository repository;

    /**
     * Appends one record.
     *
     * @param actor who did it (user name, or {@code system:<job>})
     * @param action e.g. {@code request.created}, {@code key.revoked}
     * @param subject what it concerns, e.g. {@code request:<id>}, {@code key:<id>}
     * @param team the team the subject belongs to (who may read the record), or null
     */
    @Transactional
    public AuditRecord append(String actor, String action, String subject, String team, Map<String, ?> details) {
        // Lock order (decision 0020): a transaction's row changes are flushed, so their row locks are taken,
        // before the audit lock; callers append their records after their last change.
        repository.flush();
        AuditRecord head = repository.lockHead();
        AuditRecord r = new AuditRecord();
        r.seq = head == null ? 1 : head.seq + 1;
        r.id = UUID.randomUUID();
        r.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        r.actor = actor;
        r.action = action;
        r.subject = subject;
        r.team = team;
        r.details = canonical(details == null ? Map.of() : details);
        r.prevHash = head == null ? AuditChain.GENESIS : head.hash;
        r.hash = AuditChain.hash(r.prevHash, r.fields());
        repository.persist(r);
        return r;
    }

    /** Details from alternating keys and values; null values are left out. */
    public static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put(keysAndValues[i].toString(), keysAndValues[i + 1]);
            }
        }
        return map;
    }

    static String canonical(Map<String, ?> details) {
        try {
            return CANONICAL.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serializable", e);
        }
    }
}
