package dev.atrium.hub.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Test resources shared by every hub test (declared once, so Quarkus starts one application for the
 * module): an OIDC server that signs real tokens and runs the code flow, and one WireMock server that
 * stands in for catalog-, scaffolder-, access- and metrics-service.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(ServiceStubs.class)
public final class HubTestResources {
    private HubTestResources() {
    }
}
