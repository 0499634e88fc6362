package dev.atrium.access.key;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A scoped API key: team, models, expiry and monthly token budget. The key itself is never stored, only its keyed hash. */
@Entity
@Table(name = "api_key")
public class ApiKey {
    @Id
    public UUID id;
    @Column(name = "key_hash")
    public String keyHash;
    @Column(name = "display_prefix")
    public String displayPrefix;
    public String name;
    public String team;
    /** Model ref → what verification answers for it. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Scope> scope;
    @Column(name = "monthly_token_budget")
    public long monthlyTokenBudget;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "request_id")
    public UUID requestId;
    @Column(name = "secret_ref")
    public String secretRef;
    @Column(name = "rotated_from")
    public UUID rotatedFrom;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revealed_at")
    public Instant revealedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_by")
    public String revokedBy;
    @Column(name = "revoke_reason")
    public String revokeReason;
    @Column(name = "expired_at")
    public Instant expiredAt;

    /** What a key grants for one model. */
    public record Scope(String costCenter, String owner) {
    }

    public boolean live(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
