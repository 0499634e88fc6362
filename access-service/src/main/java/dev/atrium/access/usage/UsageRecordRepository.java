package dev.atrium.access.usage;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The only reader and writer of {@code usage_record}. */
@ApplicationScoped
public class UsageRecordRepository implements PanacheRepositoryBase<UsageRecord, String> {

    /** Inserts the record unless one with its id exists; true when it was inserted. Safe under concurrency. */
    public boolean insertIfAbsent(UsageRecord r) {
        int rows = getEntityManager().createNativeQuery("""
                INSERT INTO usage_record (id, key_id, team, model_ref, cost_center, tokens, occurred_at, received_at)
                VALUES (:id, :key, :team, :model, :cc, :tokens, :at, :received)
                ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", r.id).setParameter("key", r.keyId).setParameter("team", r.team)
                .setParameter("model", r.modelRef).setParameter("cc", r.costCenter).setParameter("tokens", r.tokens)
                .setParameter("at", r.occurredAt).setParameter("received", r.receivedAt)
                .executeUpdate();
        return rows == 1;
    }

    /** One group of the usage report. */
    public record Total(String group, long tokens, long records) {
    }

    /**
     * Token totals in [{@code from}, {@code to}) grouped by {@code column} (one of team, model_ref, cost_center),
     * largest first; {@code teams} null means every team.
     */
    public List<Total> totals(String column, Instant from, Instant to, Collection<String> teams, String model) {
        if (!List.of("team", "model_ref", "cost_center").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        StringBuilder sql = new StringBuilder("SELECT " + column + ", sum(tokens), count(*) FROM usage_record"
                + " WHERE occurred_at >= :from AND occurred_at < :to");
        if (teams != null) {
            sql.append(" AND team IN (:teams)");
        }
        if (model != null) {
            sql.append(" AND model_ref = :model");
        }
        sql.append(" GROUP BY ").append(column).append(" ORDER BY 2 DESC, 1 LIMIT 1000");
        var q = getEntityManager().createNativeQuery(sql.toString()).setParameter("from", from).setParameter("to", to);
        if (teams != null) {
            q.setParameter("teams", teams);
        }
        if (model != null) {
            q.setParameter("model", model);
        }
        List<Total> totals = new ArrayList<>();
        for (Object row : q.getResultList()) {
            Object[] cols = (Object[]) row;
            totals.add(new Total((String) cols[0], ((Number) cols[1]).longValue(), ((Number) cols[2]).longValue()));
        }
        return totals;
    }
}
