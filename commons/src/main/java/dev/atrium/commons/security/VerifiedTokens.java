package dev.atrium.commons.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Identities of bearer tokens whose signature and claims the OIDC provider has already verified, kept
 * until the token expires or {@code atrium.security.token-cache.max-age} passes, whichever is first.
 * A repeated request with the same token then skips signature verification and claim parsing.
 * <p>
 * Expiry is always checked against the token's own {@code exp}; the max-age bounds how long a token
 * signed with a key the issuer has since removed from its JWKS stays accepted. At most
 * {@code atrium.security.token-cache.max-entries} identities are kept (Caffeine, least recently used out
 * first), metered as {@code cache.gets} / {@code cache.size} / {@code cache.evictions} with tag
 * {@code cache=verified-tokens}. Set {@code atrium.security.token-cache.enabled=false} to verify every request.
 */
@ApplicationScoped
public class VerifiedTokens {
    /** Identity attribute marking an identity served from this cache. */
    static final String FROM_CACHE = "atrium.token-cache";

    @ConfigProperty(name = "atrium.security.token-cache.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "atrium.security.token-cache.max-age", defaultValue = "60S")
    Duration maxAge;

    /** An identity with its token and claims takes a few kilobytes: 1,000 are a few megabytes. */
    @ConfigProperty(name = "atrium.security.token-cache.max-entries", defaultValue = "1000")
    int maxEntries;

    @Inject
    Instance<MeterRegistry> meters;

    private record Entry(SecurityIdentity identity, long expiresAtMillis) {
    }

    private Cache<String, Entry> entries;

    @PostConstruct
    void init() {
        start(meters.isResolvable() ? meters.get() : null);
    }

    /** Builds the cache and, when there is a registry, meters it. */
    void start(MeterRegistry registry) {
        entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String token, Entry entry, long currentTime) {
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, entry.expiresAtMillis() - System.currentTimeMillis()));
                    }

                    @Override
                    public long expireAfterUpdate(String token, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(token, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String token, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                // maintenance on the calling thread: no pool threads, evictions done before put returns
                .executor(Runnable::run)
                .recordStats()
                .build();
        if (registry != null) {
            CaffeineCacheMetrics.monitor(registry, entries, "verified-tokens", Tags.empty());
        }
    }

    /** The verified identity for {@code token}, or null when it is unknown or has expired. */
    SecurityIdentity lookup(String token) {
        if (!enabled || token == null) {
            return null;
        }
        Entry entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        // Caffeine's expiry is checked lazily against its own clock; the token's exp is the rule
        if (System.currentTimeMillis() >= entry.expiresAtMillis()) {
            entries.asMap().remove(token, entry);
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
        // Drop the request this identity was verified on, so the cache does not keep it alive.
        SecurityIdentity detached = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, null)
                .build();
        entries.put(credential.getToken(), new Entry(detached, expiresAt));
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
