package dev.atrium.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the entity change listener in {@code /q/health/ready}. It stays UP while the listener reconnects: the
 * read cache is bypassed then, so answers stay correct, only slower, and one database hiccup does not take every
 * replica out of the Service at once (the datasource check goes DOWN when the database itself is unreachable).
 */
@Readiness
@ApplicationScoped
public class ListenerHealth implements HealthCheck {

    @Inject
    EntityChangeListener listener;

    @Inject
    CacheConfig config;

    @Override
    public HealthCheckResponse call() {
        String state = !config.enabled() ? "disabled" : listener.connected() ? "listening" : "reconnecting";
        return HealthCheckResponse.named("catalog-entity-change-listener").up()
                .withData("state", state)
                .withData("readCache", listener.connected() ? "in use" : "bypassed")
                .withData("connections", listener.connections())
                .build();
    }
}
