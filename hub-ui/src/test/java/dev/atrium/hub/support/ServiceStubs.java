package dev.atrium.hub.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One WireMock server on a free port for the four services the hub calls; each test stubs the answers
 * it needs (see {@link Stubs}) and the server's request journal shows what the hub sent.
 */
public class ServiceStubs implements QuarkusTestResourceLifecycleManager {
    private static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(32));
        server.start();
        return Map.of("atrium.test.stubs-url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public static WireMockServer server() {
        if (server == null) {
            throw new IllegalStateException("ServiceStubs not started");
        }
        return server;
    }
}
