package dev.atrium.catalog.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.PayloadTooLargeError;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** YAML safety limits and the SSRF guard, without a server. */
class ReadingLimitsTest {
    private final YamlDocuments yaml = new YamlDocuments(10_000, 5, 10, 3);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesMultipleDocumentsResolvingAnchorsAndKeepingDatesAsText() {
        var docs = yaml.parse(b("a: &x {k: v}\nb: *x\nwhen: 2024-01-02\n---\n---\nc: 1\n"), "t");
        assertEquals(2, docs.size());
        assertEquals("v", docs.get(0).path("b").path("k").asText());
        assertEquals("2024-01-02", docs.get(0).path("when").asText());
    }

    @Test
    void enforcesAliasDepthSizeDocumentAndDuplicateKeyLimits() {
        assertThrows(InputError.class, () -> yaml.parse(b("a: &a [1]\nb: [*a, *a, *a, *a, *a, *a, *a]\n"), "t"));
        assertThrows(InputError.class, () -> yaml.parse(b("a: " + "[".repeat(20) + "]".repeat(20) + "\n"), "t"));
        assertThrows(PayloadTooLargeError.class, () -> yaml.parse(b("a: " + "x".repeat(20_000)), "t"));
        assertThrows(PayloadTooLargeError.class, () -> yaml.parse(b("a: 1\n---\nb: 1\n---\nc: 1\n---\nd: 1\n"), "t"));
        assertThrows(InputError.class, () -> yaml.parse(b("a: 1\na: 2\n"), "t"));
        assertThrows(InputError.class, () -> yaml.parse(b("a: !!java.lang.ProcessBuilder [x]\n"), "t"));
    }

    @Test
    void guardRefusesNonPublicAddressesUnlessAllowListed() throws Exception {
        UrlGuard guard = new UrlGuard(List.of("internal.example"));
        assertThrows(NotAllowedError.class, () -> guard.check("http://127.0.0.1/x"));
        assertThrows(NotAllowedError.class, () -> guard.check("http://192.168.1.1/x"));
        assertThrows(NotAllowedError.class, () -> guard.check("http://[fd00::1]/x"));
        assertThrows(InputError.class, () -> guard.check("gopher://x/"));
        assertThrows(InputError.class, () -> guard.check("http://user:pw@example.com/"));
        assertTrue(UrlGuard.isPublic(InetAddress.getByName("93.184.216.34")));
        assertFalse(UrlGuard.isPublic(InetAddress.getByName("100.64.0.1")));
        assertFalse(UrlGuard.isPublic(InetAddress.getByName("169.254.169.254")));
    }

    @Test
    void resolvesRelativeTargetsAgainstTheirLocation() {
        assertEquals("/srv/cat/org.yaml", LocationReader.resolve("file", "./org.yaml", "file:/srv/cat/catalog-info.yaml"));
        assertEquals("https://h/r/b/org.yaml", LocationReader.resolve("url", "./org.yaml", "url:https://h/r/b/catalog-info.yaml"));
        assertEquals("file:///r.git#main:sub/org.yaml", LocationReader.resolve("git", "./org.yaml", "git:file:///r.git#main:sub/catalog-info.yaml"));
    }
}
