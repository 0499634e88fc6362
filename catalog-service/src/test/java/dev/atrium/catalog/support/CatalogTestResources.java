package dev.atrium.catalog.support;

import dev.atrium.commons.testing.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Test resources shared by every catalog test (declared once so Quarkus starts one application
 * for the whole module): a fresh PostgreSQL database, an OIDC server that signs real tokens, and a
 * stub of the GitHub and GitLab APIs that the git-host configuration points at.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GitHostStub.class)
public final class CatalogTestResources {
    private CatalogTestResources() {
    }
}
