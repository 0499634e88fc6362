package dev.atrium.access.request;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the access-request endpoints. */
public final class RequestViews {
    private RequestViews() {
    }

    @Schema(name = "NewAccessRequest", description = "What the scaffolder action toolchain:provision-ai-access and the hub send")
    public record NewRequest(
            @Schema(description = "AIModel or Toolchain in the catalog", example = "aimodel:default/chat-assistant", required = true) String modelRef,
            @Schema(description = "Team ref or name; the caller must be a member", example = "payments-team", required = true) String team,
            @Schema(description = "What the team will use it for", example = "Summaries of payment disputes", required = true, maxLength = 2000) String useCase,
            @Schema(description = "Expected tokens per month; also the provisioned key's monthly budget", example = "100000", required = true) Long expectedMonthlyTokens) {
    }

    @Schema(name = "AccessRequestDecision")
    public record Decision(
            @Schema(description = "Why (required to reject or revoke)", maxLength = 1000) String reason,
            @Schema(description = "Which required approval to fill (default: the first the caller may fill)", example = "platform-admin") String role) {
    }

    @Schema(name = "Recertification")
    public record Recertify(
            @Schema(description = "true keeps the grant for another period; false revokes it", required = true) Boolean confirm,
            @Schema(maxLength = 1000) String reason) {
    }

    @Schema(name = "Approval", description = "One required approval and its decision")
    public record ApprovalView(
            @Schema(description = "owner:<group ref> or platform-admin") String role,
            @Schema(description = "pending, approved or rejected") String state,
            String approver, String reason, Instant decidedAt) {
    }

    @Schema(name = "ProvisioningStep")
    public record StepView(String step, String adapter,
            @Schema(description = "pending, done or failed") String state, int attempts, String lastError, String result) {
    }

    @Schema(name = "Provisioning", description = "The provisioning (or deprovisioning) job of a request")
    public record ProvisioningView(String action,
            @Schema(description = "pending, done, failed or cancelled") String state, int attempts, Instant nextAttemptAt,
            String lastError, List<StepView> steps) {
    }

    @Schema(name = "Transition")
    public record TransitionView(RequestState from, RequestState to, String actor, String reason, Instant at) {
    }

    @Schema(name = "ProvisionedKey", description = "The key provisioning issued (never the key itself)")
    public record KeyRef(UUID id, String prefix, boolean revealed, Instant expiresAt, String secretRef) {
    }

    @Schema(name = "AccessRequest")
    public record RequestView(UUID id, String modelRef, String modelKind, String modelTitle,
            @Schema(description = "The AIModels the grant covers") List<String> coveredModels,
            String team, String requester, String useCase, long expectedMonthlyTokens,
            @Schema(description = "open, standard or restricted (a toolchain takes its strictest model's)") String tier,
            RequestState state, String stateReason, List<ApprovalView> approvals, List<ProvisioningView> provisioning,
            KeyRef key, List<TransitionView> transitions, Instant createdAt, Instant updatedAt, Instant approvedAt,
            Instant activeAt, Instant closedAt, Instant certifiedAt, Instant recertificationDueAt) {
    }

    @Schema(name = "AccessRequestPage")
    public record Page(List<RequestView> items,
            @Schema(description = "Pass as cursor for the next page; absent on the last") String nextCursor) {
    }
}
