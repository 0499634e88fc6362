package dev.atrium.metrics.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One WireMock server on a free port standing in for the services on the far side of this one's
 * REST calls: catalog-service ({@code /api/catalog/...}) and two chat incoming webhooks
 * ({@code /hooks/platform}, and {@code /hooks/ml} which only wants ml-platform-team's templates).
 */
public class StubServers implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.of(
                "atrium.catalog.url", base,
                "atrium.metrics.chat.webhooks.platform.url", base + "/hooks/platform",
                "atrium.metrics.chat.webhooks.ml.url", base + "/hooks/ml",
                "atrium.metrics.chat.webhooks.ml.owners", "ml-platform-team");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
