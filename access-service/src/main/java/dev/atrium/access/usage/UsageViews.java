package dev.atrium.access.usage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the usage endpoints. */
public final class UsageViews {
    private UsageViews() {
    }

    @Schema(name = "UsageReport", description = "Tokens one key used on one model; POST one or an array")
    public record Report(
            @Schema(description = "The reporter's idempotency id: the same id is counted once", example = "gw-1-req-8812", required = true, maxLength = 200) String id,
            @Schema(description = "keyId from the verification answer", required = true) UUID keyId,
            @Schema(description = "Model ref or name", example = "aimodel:default/chat-assistant", required = true) String model,
            @Schema(description = "Tokens used (prompt + completion)", example = "1234", required = true) Long tokens,
            @Schema(description = "When they were used (default: now)") Instant time) {
    }

    @Schema(name = "UsageAccepted")
    public record Accepted(@Schema(description = "Records counted now") int accepted,
            @Schema(description = "Records whose id was already counted") int duplicates) {
    }

    @Schema(name = "UsageTotal")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Total(@Schema(description = "Team ref, model ref or cost center") String group,
            @Schema(description = "UTC day, with bucket=day") java.time.LocalDate day, long tokens, long records) {
    }

    @Schema(name = "UsageSummary")
    public record Summary(@Schema(description = "team, model or costCenter") String groupBy,
            @Schema(description = "day, or absent for one total per group") String bucket, Instant from, Instant to,
            long totalTokens, List<Total> totals) {
    }
}
