package dev.atrium.access.key;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the key endpoints. */
public final class KeyViews {
    private KeyViews() {
    }

    @Schema(name = "NewApiKey", description = "A key for models the team already has active grants for")
    public record NewKey(
            @Schema(description = "What the key is for", example = "payments-api staging", maxLength = 100) String name,
            @Schema(description = "Team ref or name; the caller must be a member", example = "payments-team") String team,
            @Schema(description = "Model refs the key may be used for", example = "[\"aimodel:default/chat-assistant\"]") List<String> models,
            @Schema(description = "Monthly token budget; verification fails once it is used up", example = "100000") Long monthlyTokenBudget,
            @Schema(description = "Expiry (default and maximum: see atrium.access.keys.default-ttl / max-ttl)") Instant expiresAt) {
    }

    @Schema(name = "ApiKey", description = "An API key's metadata; the key itself is only ever returned once")
    public record KeyView(UUID id, String name,
            @Schema(description = "First characters of the key, to tell keys apart") String prefix,
            String team, List<String> models, long monthlyTokenBudget,
            @Schema(description = "Tokens reported this calendar month (UTC)") long usedTokensThisMonth,
            Instant expiresAt,
            @Schema(description = "active, revoked or expired") String state,
            @Schema(description = "The access request this key was provisioned for, if any") UUID requestId,
            @Schema(description = "Where the key was delivered (secrets store ref), if anywhere") String secretRef,
            String createdBy, Instant createdAt, Instant revokedAt, String revokeReason, UUID rotatedFrom) {
    }

    @Schema(name = "CreatedApiKey", description = "A new key: `key` is shown this once and cannot be read again")
    public record CreatedKey(
            @Schema(description = "The API key. Store it now: only its keyed hash is kept") String key,
            KeyView metadata) {
    }

    @Schema(name = "KeyDecision", description = "Why a key is revoked or rotated")
    public record Reason(@Schema(maxLength = 1000) String reason) {
    }

    @Schema(name = "VerifyKeyRequest")
    public record VerifyRequest(
            @Schema(description = "The API key as the client sent it", required = true) String key,
            @Schema(description = "Model ref or name the client calls", example = "aimodel:default/chat-assistant", required = true) String model) {
    }

    @Schema(name = "VerifyKeyResponse")
    public record VerifyResponse(boolean valid,
            @Schema(description = "Why not valid: unknown_key, revoked, expired, model_not_in_scope, budget_exhausted")
            String reason, UUID keyId, String team, String costCenter,
            @Schema(description = "Tokens left in this month's budget") Long remainingTokens, Instant expiresAt) {
    }
}
