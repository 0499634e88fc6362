package dev.atrium.access.events;

import dev.atrium.commons.error.ServiceUnavailableError;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * This service's own access token (client credentials, client id {@code access-service}), for calls it makes
 * on its own behalf: events to metrics-service, catalog reads of background jobs. Kept until shortly before
 * it expires.
 */
@ApplicationScoped
public class ServiceToken {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Renew this long before the token expires, so a token never runs out in flight. */
    private static final long EARLY_SECONDS = 30;

    @Inject
    OidcClient client;

    private volatile Tokens tokens;

    /** A valid access token; blocks while a new one is fetched, so call it from a worker or virtual thread. */
    public String bearer() {
        Tokens current = tokens;
        if (current != null && !expiringSoon(current)) {
            return current.getAccessToken();
        }
        synchronized (this) {
            current = tokens;
            if (current == null || expiringSoon(current)) {
                try {
                    current = client.getTokens().await().atMost(TIMEOUT);
                } catch (RuntimeException e) {
                    throw new ServiceUnavailableError("Could not get a client-credentials token from the identity provider");
                }
                tokens = current;
            }
            return current.getAccessToken();
        }
    }

    private static boolean expiringSoon(Tokens t) {
        Long expiresAt = t.getAccessTokenExpiresAt();
        return expiresAt != null && expiresAt - EARLY_SECONDS <= System.currentTimeMillis() / 1000;
    }
}
