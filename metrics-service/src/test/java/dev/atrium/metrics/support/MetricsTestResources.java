package dev.atrium.metrics.support;

import dev.atrium.commons.testing.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Test resources shared by every metrics test (declared once so Quarkus starts one application for
 * the module): a fresh PostgreSQL database, an OIDC server that signs real tokens, and the stub
 * catalog and chat webhooks.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServers.class)
public final class MetricsTestResources {
    private MetricsTestResources() {
    }
}
