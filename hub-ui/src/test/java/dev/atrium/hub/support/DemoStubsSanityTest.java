package dev.atrium.hub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The demo data set is complete: the pages' tests rely on its shape. */
class DemoStubsSanityTest {
    @Test
    void demoDataHasModelsToolchainsTeamsAndTemplates() {
        assertEquals(4, DemoStubs.ofKind("AIModel").size());
        assertEquals(2, DemoStubs.ofKind("Toolchain").size(), () -> DemoStubs.entities().keySet().toString());
        assertEquals(5, DemoStubs.ofKind("Group").size());
        assertEquals(3, DemoStubs.ofKind("Template").size());
    }
}
