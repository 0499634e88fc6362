package dev.atrium.scaffolder.support;

import dev.atrium.commons.testing.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Test resources shared by every scaffolder test (declared once, so Quarkus starts one application
 * for the module): a fresh PostgreSQL database and the OIDC WireMock server, which signs real tokens
 * and also stands in for catalog-, access- and metrics-service and the GitHub API under its own paths.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class ScaffolderTestResources {
    private ScaffolderTestResources() {
    }
}
