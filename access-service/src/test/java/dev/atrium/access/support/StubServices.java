package dev.atrium.access.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One WireMock server on a free port standing in for the other Atrium services this one calls:
 * catalog-service (entities by name and by query) and metrics-service (event intake), plus model health
 * endpoints for the status probes. Tests reach it through WireMock's admin API at the configured catalog URL
 * ({@link AccessTestSupport#stubs()}), never through static state, and stub what they need with unique names.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40));
        server.start();
        resetDefaults();
        String base = "http://localhost:" + server.port();
        return Map.of(
                "quarkus.rest-client.catalog.url", base,
                "quarkus.rest-client.metrics.url", base);
    }

    /** The always-present stubs: metrics-service accepts every event batch. */
    static void resetDefaults() {
        server.stubFor(post(urlEqualTo("/api/metrics/v1/events")).atPriority(10)
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"accepted\":1,\"duplicates\":0}")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

}
