package dev.atrium.metrics.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenAPI contract checks, re-run against the packaged application. */
@QuarkusIntegrationTest
class OpenApiContractIT extends OpenApiContractTest {
}
