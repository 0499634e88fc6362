package dev.atrium.access.provisioning;

import dev.atrium.access.request.AccessRequest;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a {@link Provisioner} may use about the grant it works on; a snapshot of the request taken when
 * the job was claimed.
 *
 * @param team canonical team ref, {@code group:default/payments-team}
 * @param modelRef the requested AIModel or Toolchain
 * @param coveredModels the AIModels the grant covers
 */
public record ProvisioningContext(UUID requestId, String action, String team, String modelRef, String modelKind,
        String modelTitle, Map<String, AccessRequest.CoveredModel> coveredModels, String requester, String useCase,
        long expectedMonthlyTokens, String tier, String state) {

    public static final String PROVISION = "provision";
    public static final String DEPROVISION = "deprovision";

    public static ProvisioningContext of(AccessRequest r, String action) {
        return new ProvisioningContext(r.id, action, r.team, r.modelRef, r.modelKind, r.modelTitle, Map.copyOf(r.coveredModels),
                r.requester, r.useCase, r.expectedMonthlyTokens, r.tier, r.state.name());
    }

    /** Team name without {@code group:default/}. */
    public String teamName() {
        return team.substring(team.indexOf('/') + 1);
    }

    /** Name of a canonical ref, e.g. {@code code-llm} for {@code aimodel:default/code-llm}. */
    public static String nameOf(String ref) {
        return ref.substring(ref.indexOf('/') + 1);
    }
}
