package dev.atrium.commons.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The verified-token cache is bounded by size, honours each token's expiry and meters its hits and misses. */
class VerifiedTokensTest {

    /** A verified token's principal: only the claims the cache reads. */
    private record Jwt(String name, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claim) {
            return "exp".equals(claim) ? (T) Long.valueOf(exp) : null;
        }
    }

    private static SecurityIdentity identity(String token, long expSeconds) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt("user-" + token, expSeconds))
                .addCredential(new TokenCredential(token, "bearer"))
                .build();
    }

    private static VerifiedTokens cache(int maxEntries, SimpleMeterRegistry registry) {
        VerifiedTokens tokens = new VerifiedTokens();
        tokens.enabled = true;
        tokens.maxAge = Duration.ofSeconds(60);
        tokens.maxEntries = maxEntries;
        tokens.start(registry);
        return tokens;
    }

    private static long inAMinute() {
        return System.currentTimeMillis() / 1000 + 60;
    }

    @Test
    void keepsAtMostMaxEntriesIdentities() {
        VerifiedTokens tokens = cache(50, new SimpleMeterRegistry());
        for (int i = 0; i < 500; i++) {
            tokens.remember(identity("token-" + i, inAMinute()));
        }
        assertTrue(tokens.size() <= 50, "size " + tokens.size());
        assertNotNull(tokens.lookup("token-499"), "the newest is kept");
    }

    @Test
    void anExpiredTokenIsNeverServed() {
        VerifiedTokens tokens = cache(10, new SimpleMeterRegistry());
        tokens.remember(identity("gone", System.currentTimeMillis() / 1000 - 1));
        assertNull(tokens.lookup("gone"), "a token past its exp is not kept");
        tokens.remember(identity("fresh", inAMinute()));
        assertEquals("user-fresh", tokens.lookup("fresh").getPrincipal().getName());
    }

    @Test
    void hitsAndMissesAreMetered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VerifiedTokens tokens = cache(10, registry);
        tokens.remember(identity("a", inAMinute()));
        tokens.lookup("a");
        tokens.lookup("a");
        tokens.lookup("unknown");
        Map<String, Double> gets = Map.of(
                "hit", registry.get("cache.gets").tags("cache", "verified-tokens", "result", "hit").functionCounter().count(),
                "miss", registry.get("cache.gets").tags("cache", "verified-tokens", "result", "miss").functionCounter().count());
        assertEquals(Map.of("hit", 2.0, "miss", 1.0), gets);
    }
}
