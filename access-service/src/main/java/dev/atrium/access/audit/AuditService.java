package dev.atrium.access.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.paging.CursorCodec;
import dev.atrium.commons.security.AtriumUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Reading and verifying the audit chain. */
@ApplicationScoped
public class AuditService {
    private static final int CHUNK = 1000;

    @Inject
    AuditRepository repository;

    @Inject
    AuditLog log;

    @Inject
    ObjectMapper json;

    @Schema(name = "AuditRecord")
    public record View(long seq, UUID id, Instant at, String actor, String action, String subject, String team,
            @Schema(description = "What happened, as recorded (never secrets)") JsonNode details, String prevHash, String hash) {
    }

    @Schema(name = "AuditPage")
    public record Page(List<View> items, String nextCursor) {
    }

    @Schema(name = "AuditVerification")
    public record Verification(
            @Schema(description = "true when every record's hash matches its content and its predecessor") boolean valid,
            @Schema(description = "Records checked") long records,
            @Schema(description = "Hash of the last record; anchor it elsewhere to detect truncation") String headHash,
            @Schema(description = "The first record that does not verify, if any") Broken brokenAt) {
    }

    @Schema(name = "AuditBreak")
    public record Broken(long seq, UUID id, String reason) {
    }

    record Cursor(long beforeSeq, String subject, String actor, String action, String team, String from, String to) {
    }

    /**
     * Records newest first. Platform admins see everything; anyone else sees only records of their own teams
     * (asking for another team is a 403).
     */
    @Transactional
    public Page search(AtriumUser user, String requestId, String subject, String actor, String action, String team,
            String from, String to, String limitParam, String cursor) {
        int limit = limit(limitParam);
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            Cursor c = CursorCodec.decode(cursor, Cursor.class);
            before = c.beforeSeq();
            subject = c.subject();
            actor = c.actor();
            action = c.action();
            team = c.team();
            from = c.from();
            to = c.to();
        } else if (requestId != null && !requestId.isBlank()) {
            try {
                subject = "request:" + UUID.fromString(requestId.trim());
            } catch (IllegalArgumentException e) {
                throw new InputError("Invalid requestId", List.of(FieldError.of("requestId", "must be a UUID")));
            }
        }
        String teamRef = team == null || team.isBlank() ? null : dev.atrium.access.support.Teams.ref(team);
        List<String> teams = null;
        if (!user.platformAdmin()) {
            if (teamRef != null && !user.groupRefs().contains(teamRef)) {
                throw new NotAllowedError("You may read the audit records of your own teams only");
            }
            teams = List.copyOf(user.groupRefs());
            if (teams.isEmpty()) {
                return new Page(List.of(), null);
            }
        }
        Instant f = time(from, "from");
        Instant t = time(to, "to");
        List<AuditRecord> rows = repository.search(blank(subject), blank(actor), blank(action), teamRef, teams, f, t, before, limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = CursorCodec.encode(new Cursor(rows.get(rows.size() - 1).seq, blank(subject), blank(actor), blank(action), teamRef,
                    f == null ? null : f.toString(), t == null ? null : t.toString()));
        }
        return new Page(rows.stream().map(this::view).toList(), next);
    }

    /**
     * Walks the whole chain in order and recomputes every hash; the first record whose stored hash, predecessor
     * hash or sequence does not match is reported. Platform admins only.
     */
    @Transactional
    public Verification verify(AtriumUser user) {
        if (!user.platformAdmin()) {
            throw new NotAllowedError("Only platform admins verify the audit chain");
        }
        String prev = AuditChain.GENESIS;
        long expectedSeq = 1;
        long count = 0;
        long after = 0;
        while (true) {
            List<AuditRecord> chunk = repository.chunk(after, CHUNK);
            if (chunk.isEmpty()) {
                return new Verification(true, count, count == 0 ? null : prev, null);
            }
            for (AuditRecord r : chunk) {
                count++;
                if (r.seq != expectedSeq) {
                    return new Verification(false, count, null, new Broken(r.seq, r.id, "record " + expectedSeq + " is missing"));
                }
                if (!Objects.equals(r.prevHash, prev)) {
                    return new Verification(false, count, null, new Broken(r.seq, r.id, "previous hash does not match record " + (r.seq - 1)));
                }
                if (!Objects.equals(AuditChain.hash(prev, r.fields()), r.hash)) {
                    return new Verification(false, count, null, new Broken(r.seq, r.id, "content does not match its hash"));
                }
                prev = r.hash;
                expectedSeq++;
                after = r.seq;
            }
            repository.getEntityManager().clear();
        }
    }

    /** Records the effective policy once per change (compared with the last such record), at start-up. */
    @Transactional
    public void recordPolicy(Map<String, ?> policy) {
        String canonical = AuditLog.canonical(policy);
        repository.lockHead();
        AuditRecord last = repository.find("action = ?1 ORDER BY seq DESC", "policy.changed").firstResult();
        if (last == null || !last.details.equals(canonical)) {
            log.append("system:startup", "policy.changed", "policy:access", null, policy);
        }
    }

    private View view(AuditRecord r) {
        JsonNode details;
        try {
            details = json.readTree(r.details);
        } catch (Exception e) {
            details = json.getNodeFactory().textNode(r.details);
        }
        return new View(r.seq, r.id, r.at, r.actor, r.action, r.subject, r.team, details, r.prevHash, r.hash);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new InputError("Invalid limit", List.of(FieldError.of("limit", "must be a whole number from 1 to 500")));
    }

    private static Instant time(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InputError("Invalid " + field, List.of(FieldError.of(field, "must be an ISO-8601 instant")));
        }
    }
}
