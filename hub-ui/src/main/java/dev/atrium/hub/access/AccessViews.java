package dev.atrium.hub.access;

import dev.atrium.hub.catalog.EntityRef;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The shapes of access-service's answers, as the hub reads them (unknown fields are ignored). */
public final class AccessViews {
    private AccessViews() {
    }

    /** Body of {@code POST /requests} (COMMON contract). */
    public record NewRequest(String modelRef, String team, String useCase, long expectedMonthlyTokens) {
    }

    /** Body of approve, reject and revoke. */
    public record Decision(String reason) {
    }

    public record Approval(String role, String state, String approver, String reason, Instant decidedAt) {
        /** "owner:group:default/x" shown as "Owner team x", "platform-admin" as "Platform admin". */
        public String label() {
            if (role == null) {
                return "Approval";
            }
            if (role.startsWith("owner:")) {
                EntityRef ref = EntityRef.parse(role.substring("owner:".length()), "group");
                return "Owner team " + (ref == null ? role.substring(6) : ref.name());
            }
            return "platform-admin".equals(role) ? "Platform admin" : role;
        }
    }

    public record Step(String step, String adapter, String state, int attempts, String lastError, String result) {
    }

    public record Provisioning(String action, String state, int attempts, Instant nextAttemptAt, String lastError, List<Step> steps) {
    }

    public record Transition(String from, String to, String actor, String reason, Instant at) {
    }

    public record KeyRef(String id, String prefix, boolean revealed, Instant expiresAt, String secretRef) {
        public String expiresDate() {
            return expiresAt == null ? "" : expiresAt.toString().substring(0, 10);
        }
    }

    /** One access request with its approvals, provisioning, key and state history. */
    public record AccessRequest(String id, String modelRef, String modelKind, String modelTitle, List<String> coveredModels,
            String team, String requester, String useCase, long expectedMonthlyTokens, String tier, String state,
            String stateReason, List<Approval> approvals, List<Provisioning> provisioning, KeyRef key,
            List<Transition> transitions, Instant createdAt, Instant updatedAt, Instant approvedAt, Instant activeAt,
            Instant closedAt) {

        public String modelName() {
            if (modelTitle != null && !modelTitle.isBlank()) {
                return modelTitle;
            }
            EntityRef ref = EntityRef.parse(modelRef, "aimodel");
            return ref == null ? String.valueOf(modelRef) : ref.name();
        }

        public String modelHref() {
            EntityRef ref = EntityRef.parse(modelRef, "aimodel");
            return ref == null ? "/catalog" : ref.href();
        }

        public String href() {
            return "/access/requests/" + id;
        }

        public String stateLabel() {
            return AccessViews.stateLabel(state);
        }

        public String stateBadge() {
            return AccessViews.stateBadge(state);
        }

        /** The key can be shown: the grant is active and the key has not been shown before. */
        public boolean keyReady() {
            return "ACTIVE".equals(state) && key != null && !key.revealed();
        }

        public boolean awaitingApproval() {
            return "PENDING_APPROVAL".equals(state);
        }

        public List<Approval> approvalsOrEmpty() {
            return approvals == null ? List.of() : approvals;
        }

        public List<Transition> transitionsOrEmpty() {
            return transitions == null ? List.of() : transitions;
        }

        public String teamName() {
            EntityRef ref = EntityRef.parse(team, "group");
            return ref == null ? String.valueOf(team) : ref.name();
        }

        public String createdDate() {
            return createdAt == null ? "" : createdAt.toString().substring(0, 10);
        }
    }

    public record RequestPage(List<AccessRequest> items, String nextCursor) {
    }

    /** An API key's metadata; the key itself only ever comes from {@link CreatedKey}. */
    public record ApiKey(String id, String name, String prefix, String team, List<String> models, long monthlyTokenBudget,
            long usedTokensThisMonth, Instant expiresAt, String state, String requestId) {

        /** Share of this month's budget used, 0-100. */
        public int usedPercent() {
            if (monthlyTokenBudget <= 0) {
                return 0;
            }
            return (int) Math.min(100, Math.round(100.0 * usedTokensThisMonth / monthlyTokenBudget));
        }

        public boolean active() {
            return "active".equalsIgnoreCase(state);
        }

        /** The expiry day, YYYY-MM-DD (UTC). */
        public String expiresDate() {
            return expiresAt == null ? "" : expiresAt.toString().substring(0, 10);
        }

        public String teamName() {
            EntityRef ref = EntityRef.parse(team, "group");
            return ref == null ? String.valueOf(team) : ref.name();
        }
    }

    public record CreatedKey(String key, ApiKey metadata) {
    }

    /** A model's status as access-service decides it: operational, degraded, deprecated or unknown. */
    public record ModelStatus(String modelRef, String title, String owner, String lifecycle, String status, String source,
            Integer latencyMs, Instant probedAt, String overrideReason) {
    }

    public record UsageTotal(String group, java.time.LocalDate day, long tokens, long records) {
        public String teamName() {
            EntityRef ref = EntityRef.parse(group, "group");
            return ref == null ? String.valueOf(group) : ref.name();
        }
    }

    public record UsageSummary(String groupBy, Instant from, Instant to, long totalTokens, List<UsageTotal> totals) {
    }

    public record Announcement(String id, String title, String body, String modelRef, String link, String author, Instant publishedAt) {
    }

    public record AnnouncementPage(List<Announcement> items, String nextCursor) {
    }

    static String stateLabel(String state) {
        if (state == null) {
            return "Unknown";
        }
        return switch (state) {
            case "PENDING_APPROVAL" -> "Waiting for approval";
            case "APPROVED" -> "Approved";
            case "PROVISIONING" -> "Being set up";
            case "ACTIVE" -> "Active";
            case "REJECTED" -> "Rejected";
            case "FAILED" -> "Set-up failed";
            case "REVOKED" -> "Revoked";
            case "EXPIRED" -> "Expired";
            default -> state.charAt(0) + state.substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    static String stateBadge(String state) {
        if (state == null) {
            return "neutral";
        }
        return switch (state) {
            case "ACTIVE" -> "ok";
            case "PENDING_APPROVAL", "APPROVED", "PROVISIONING" -> "info";
            case "REJECTED", "FAILED" -> "bad";
            default -> "neutral";
        };
    }
}
