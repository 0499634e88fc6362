package dev.atrium.access.support;

import dev.atrium.commons.testing.PostgresTestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Test resources shared by every access test (declared once so Quarkus starts one application for the whole
 * module): a fresh PostgreSQL database, an OIDC server that signs real tokens, a WireMock server standing in
 * for catalog-service and metrics-service, and the real Keycloak dev/test runs for the identity-provider adapter.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(StubServices.class)
@QuarkusTestResource(TestKeycloak.class)
public final class AccessTestResources {
    private AccessTestResources() {
    }
}
