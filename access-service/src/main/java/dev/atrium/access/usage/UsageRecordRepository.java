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

    /** One group of the usage report; {@code day} (UTC) only when the report is split by day. */
    public record Total(String group, java.time.LocalDate day, long tokens, long records) {
    }

    /**
     * Token totals in [{@code from}, {@code to}) grouped by {@code column} (one of team, model_ref, cost_center),
     * and by UTC day when {@code byDay}; largest first (by day: oldest day first). {@code teams} null means every team.
     */
    public List<Total> totals(String column, boolean byDay, Instant from, Instant to, Collection<String> teams, String model) {
        if (!List.of("team", "model_ref", "cost_center").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        String day = byDay ? "CAST(date_trunc('day', occurred_at AT TIME ZONE 'UTC') AS date)" : "CAST(NULL AS date)";
        StringBuilder sql = new StringBuilder("SELECT " + column + ", " + day + ", sum(tokens), count(*) FROM usage_record"
                + " WHERE occurred_at >= :from AND occurred_at < :to");
        if (teams != null) {
            sql.append(" AND team IN (:teams)");
        }
        if (model != null) {
            sql.append(" AND model_ref = :model");
        }
        sql.append(" GROUP BY 1, 2").append(byDay ? " ORDER BY 2, 3 DESC, 1" : " ORDER BY 3 DESC, 1").append(" LIMIT 10000");
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
            java.time.LocalDate d = cols[1] == null ? null
                    : cols[1] instanceof java.sql.Date sqlDate ? sqlDate.toLocalDate() : (java.time.LocalDate) cols[1];
            totals.add(new Total((String) cols[0], d, ((Number) cols[2]).longValue(), ((Number) cols[3]).longValue()));
        }
        return totals;
    }
}
