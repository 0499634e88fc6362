package dev.atrium.access.support;

import dev.atrium.access.provisioning.identity.KeycloakAdmin;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The real Keycloak the identity-provider adapter is tested against: the one {@code ./dev/test} ensures on
 * port 8280 (realm {@code atrium}, service account {@code access-service}) and exports as
 * {@code ATRIUM_TEST_KEYCLOAK_URL}. Without it the tests fail at once with a message saying so; they are never
 * skipped. Access groups get a prefix unique to this run, so runs against the shared instance never collide.
 */
public class TestKeycloak implements QuarkusTestResourceLifecycleManager {
    public static final String ENV = "ATRIUM_TEST_KEYCLOAK_URL";
    private static final String RUN = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> start() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(ENV + " is not set: these tests need the test Keycloak (realm atrium). "
                    + "Run them through ./dev/test, which starts it on port ${ATRIUM_TEST_KEYCLOAK_PORT:-8280} and exports " + ENV + ".");
        }
        String discovery = url + "/realms/atrium/.well-known/openid-configuration";
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(discovery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
        } catch (Exception e) {
            throw new IllegalStateException("The test Keycloak at " + url + " does not serve the atrium realm (" + e.getMessage()
                    + "). Run the tests through ./dev/test, which starts it.", e);
        }
        return Map.of(
                "atrium.access.provisioning.identity.keycloak.url", url,
                "atrium.access.provisioning.identity.keycloak.group-prefix", groupPrefix());
    }

    /**
     * Removes the access groups this run created, so the shared instance (and its users' tokens, whose groups
     * claim lists them) does not grow from run to run.
     */
    @Override
    public void stop() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            KeycloakAdmin admin = new KeycloakAdmin(url, "atrium", "access-service", "access-secret", Duration.ofSeconds(10));
            for (String id : admin.topLevelGroupIds(groupPrefix())) {
                admin.deleteGroup(id);
            }
        } catch (Exception e) {
            System.err.println("could not remove this run's access groups from the test Keycloak: " + e.getMessage());
        }
    }

    /** Prefix of the access groups this run creates (tests read it back from the configuration). */
    static String groupPrefix() {
        return "ai-access-" + RUN + "-";
    }
}
