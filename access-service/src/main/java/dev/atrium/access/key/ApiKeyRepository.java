package dev.atrium.access.key;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The only reader and writer of {@code api_key}. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public ApiKey byHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    public ApiKey lock(UUID id) {
        return getEntityManager().find(ApiKey.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The live (unrevoked) key issued for a request, if any. */
    public ApiKey liveForRequest(UUID requestId) {
        return find("requestId = ?1 AND revokedAt IS NULL", requestId).firstResult();
    }

    public List<ApiKey> liveForRequestAll(UUID requestId) {
        return list("requestId = ?1 AND revokedAt IS NULL", requestId);
    }

    /** Keys of the given teams (null: every team), newest first; revoked ones only when asked. */
    public List<ApiKey> forTeams(Collection<String> teams, boolean includeRevoked, int limit) {
        String live = includeRevoked ? "" : " AND revokedAt IS NULL";
        var query = teams == null
                ? find("1 = 1" + live + " ORDER BY createdAt DESC")
                : find("team IN ?1" + live + " ORDER BY createdAt DESC", teams);
        return query.page(0, limit).list();
    }

    public long liveCount(String team, Instant now) {
        return count("team = ?1 AND revokedAt IS NULL AND expiresAt > ?2", team, now);
    }

    /** Keys past their expiry not yet marked expired. */
    public List<ApiKey> newlyExpired(Instant now, int limit) {
        return find("revokedAt IS NULL AND expiredAt IS NULL AND expiresAt <= ?1 ORDER BY expiresAt", now).page(0, limit).list();
    }
}
