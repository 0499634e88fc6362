package dev.atrium.catalog.support;

import dev.atrium.commons.testing.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Test resources shared by every catalog test (declared once so Quarkus starts one application
 * for the whole module): a fresh PostgreSQL database and an OIDC server that signs real tokens.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class CatalogTestResources {
    private CatalogTestResources() {
    }
}
