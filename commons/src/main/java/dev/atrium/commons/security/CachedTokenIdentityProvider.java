package dev.atrium.commons.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Answers a bearer token from {@link VerifiedTokens} before the OIDC provider is asked; on a miss it
 * yields nothing, so the OIDC provider (lower priority) verifies the token as usual.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    /** Above the default provider priority, so this one is asked first. */
    static final int PRIORITY = 5000;

    @Inject
    VerifiedTokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity cached = tokens.lookup(request.getToken().getToken());
        if (cached == null) {
            return Uni.createFrom().nullItem();
        }
        // The identity is shared between requests: give this one its own routing context.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(cached)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, HttpSecurityUtils.getRoutingContextAttribute(request))
                .addAttribute(VerifiedTokens.FROM_CACHE, Boolean.TRUE)
                .build());
    }
}
