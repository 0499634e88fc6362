package dev.atrium.commons.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Identities of bearer tokens whose signature and claims the OIDC provider has already verified, kept
 * until the token expires or {@code atrium.security.token-cache.max-age} passes, whichever is first.
 * A repeated request with the same token then skips signature verification and claim parsing.
 * <p>
 * Expiry is always checked against the token's own {@code exp}; the max-age bounds how long a token
 * signed with a key the issuer has since removed from its JWKS stays accepted. Set
 * {@code atrium.security.token-cache.enabled=false} to verify every request.
 */
@ApplicationScoped
public class VerifiedTokens {
    /** Identity attribute marking an identity served from this cache. */
    static final String FROM_CACHE = "atrium.token-cache";

    @ConfigProperty(name = "atrium.security.token-cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "atrium.security.token-cache.max-age", defaultValue = "60S")
    Duration maxAge;

    @ConfigProperty(name = "atrium.security.token-cache.max-entries", defaultValue = "10000")
    int maxEntries;

    private record Entry(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The verified identity for {@code token}, or null when it is unknown or has expired. */
    SecurityIdentity lookup(String token) {
        if (!enabled || token == null) {
            return null;
        }
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (System.currentTimeMillis() >= entry.expiresAtMillis()) {
            entries.remove(token, entry);
            return null;
        }
        return entry.identity();
    }

    /** Remembers a freshly verified identity; identities without a token expiry are not kept. */
    void remember(SecurityIdentity identity) {
        if (!enabled || identity.isAnonymous() || identity.getAttribute(FROM_CACHE) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        long exp = jwt.getExpirationTime();
        if (credential == null || credential.getToken() == null || exp <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        long expiresAt = Math.min(exp * 1000L, now + maxAge.toMillis());
        if (expiresAt <= now) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> e.expiresAtMillis() <= now);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        // Drop the request this identity was verified on, so the cache does not keep it alive.
        SecurityIdentity detached = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, null)
                .build();
        entries.put(credential.getToken(), new Entry(detached, expiresAt));
    }

    int size() {
        return entries.size();
    }
}
