package dev.atrium.access.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The only reader and writer of {@code audit_record}. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditRecord, Long> {
    /** Advisory lock key serialising appends, so each record sees its predecessor. */
    private static final long APPEND_LOCK = 0x617564_6974L;

    /** Takes the append lock for the rest of the transaction and returns the last record, or null. */
    AuditRecord lockHead() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", APPEND_LOCK).getSingleResult();
        return find("ORDER BY seq DESC").firstResult();
    }

    /** Records with {@code seq > after} in order, at most {@code limit}. */
    List<AuditRecord> chunk(long after, int limit) {
        return find("seq > ?1 ORDER BY seq", after).page(0, limit).list();
    }

    /** A filtered page, newest first; {@code teams} null means every team. */
    List<AuditRecord> search(String subject, String actor, String action, String team, Collection<String> teams,
            Instant from, Instant to, Long beforeSeq, int limit) {
        List<String> where = new ArrayList<>();
        Parameters p = new Parameters();
        if (subject != null) {
            where.add("subject = :subject");
            p.and("subject", subject);
        }
        if (actor != null) {
            where.add("actor = :actor");
            p.and("actor", actor);
        }
        if (action != null) {
            where.add("action = :action");
            p.and("action", action);
        }
        if (team != null) {
            where.add("team = :team");
            p.and("team", team);
        }
        if (teams != null) {
            where.add("team IN :teams");
            p.and("teams", teams);
        }
        if (from != null) {
            where.add("at >= :from");
            p.and("from", from);
        }
        if (to != null) {
            where.add("at < :to");
            p.and("to", to);
        }
        if (beforeSeq != null) {
            where.add("seq < :before");
            p.and("before", beforeSeq);
        }
        String query = (where.isEmpty() ? "" : String.join(" AND ", where) + " ") + "ORDER BY seq DESC";
        return find(query, p).page(0, limit).list();
    }
}
