package dev.atrium.access.provisioning;

/**
 * One provisioning step behind an adapter (DESIGN §7): identity-provider group membership, the API key in a
 * secrets store, the compliance ticket. Okta or Azure AD adapters, another secrets store or ITSM system
 * implement this same interface.
 * <p>
 * Both methods must be idempotent: the outbox runs a step again after any failure, including one after the
 * external change was made but before it was recorded, so running it twice must end in the same state as
 * running it once. They run outside any database transaction and must not log secrets.
 */
public interface Provisioner {

    /** Stable step id, recorded per request: {@code identity-group}, {@code api-key}, {@code itsm-ticket}. */
    String step();

    /** The adapter doing it, shown with the step: {@code keycloak}, {@code builtin}, {@code vault}, {@code jira}, … */
    String adapter();

    /**
     * Grants what the step grants.
     *
     * @return a short, non-secret description of what now exists (group path, secret ref, ticket id)
     * @throws Exception any failure; its message is shown on the request, so it must not contain secrets
     */
    String provision(ProvisioningContext context) throws Exception;

    /** Takes back what {@link #provision} granted (after revocation or expiry); also idempotent. */
    String deprovision(ProvisioningContext context) throws Exception;
}
