package dev.atrium.commons.security;

import dev.atrium.commons.error.AuthenticationError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Request-scoped view of the caller as an {@link AtriumUser}, built from the verified token. */
@RequestScoped
public class CurrentUser {

    /** Token claim that lists the caller's teams. */
    @ConfigProperty(name = "atrium.security.groups-claim", defaultValue = "groups")
    String groupsClaim;

    /**
     * IdP group under which the teams live, e.g. {@code /org}: then exactly {@code /org/<team>} is a
     * team. Empty means teams are top-level groups ({@code /<team>}). Paths are compared whole.
     */
    @ConfigProperty(name = "atrium.security.group-path-root")
    java.util.Optional<String> groupPathRoot;

    /** Role (from {@code quarkus.oidc.roles.role-claim-path}) that may do everything. */
    @ConfigProperty(name = "atrium.security.admin-role", defaultValue = "platform-admin")
    String adminRole;

    @Inject
    SecurityIdentity identity;

    private AtriumUser user;

    /** The caller; throws {@link AuthenticationError} when the request is anonymous. */
    public AtriumUser get() {
        if (user == null) {
            if (identity == null || identity.isAnonymous()) {
                throw new AuthenticationError("Authentication required: send a valid bearer token");
            }
            Set<String> groups = new LinkedHashSet<>();
            String subject = identity.getPrincipal().getName();
            String username = subject;
            if (identity.getPrincipal() instanceof JsonWebToken jwt) {
                subject = jwt.getSubject() != null ? jwt.getSubject() : subject;
                Object preferred = jwt.getClaim("preferred_username");
                username = preferred != null ? preferred.toString().replace("\"", "") : jwt.getName();
                Object claim = jwt.getClaim(groupsClaim);
                if (claim instanceof Collection<?> values) {
                    values.forEach(v -> groups.add(Policy.groupRefFromClaim(v.toString().replace("\"", ""), groupPathRoot.orElse(null))));
                }
            }
            user = new AtriumUser(subject, username, groups, identity.hasRole(adminRole));
        }
        return user;
    }
}
