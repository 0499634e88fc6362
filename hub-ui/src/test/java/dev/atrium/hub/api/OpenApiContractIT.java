package dev.atrium.hub.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenAPI contract of the packaged hub (the jar that dev/up, the image and the chart run). */
@QuarkusIntegrationTest
class OpenApiContractIT extends OpenApiContractTest {
}
