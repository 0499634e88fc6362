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
    void expansionBombIsRefusedBeforeAnythingIsBuiltFromIt() {
        String bomb = dev.atrium.catalog.support.CatalogTestSupport.expansionBomb();
        assertTrue(bomb.length() < 1100, "about 1 KB: " + bomb.length());
        YamlDocuments defaults = new YamlDocuments(8_388_608, 50, 64, 20_000, 1_000_000, 16_777_216);
        long start = System.nanoTime();
        PayloadTooLargeError e = assertThrows(PayloadTooLargeError.class, () -> defaults.parse(b(bomb), "bomb.yaml"));
        assertTrue(e.getMessage().contains("max-expanded-nodes"), e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "measured on the composed graph, not by expanding it");
    }

    @Test
    void scalarAliasesCountTowardsTheExpandedBytes() {
        String big = "x".repeat(5_000);
        StringBuilder y = new StringBuilder("s: &s " + big + "\nl: [");
        for (int i = 0; i < 40; i++) {
            y.append(i == 0 ? "" : ", ").append("*s");
        }
        y.append("]\n");
        // 40 scalar aliases are not "aliases for collections": only the byte bound stops them
        YamlDocuments small = new YamlDocuments(10_000, 50, 10, 3, 1_000, 100_000);
        PayloadTooLargeError e = assertThrows(PayloadTooLargeError.class, () -> small.parse(b(y.toString()), "t"));
        assertTrue(e.getMessage().contains("max-expanded-bytes"), e.getMessage());
        assertEquals(1, new YamlDocuments(10_000, 50, 10, 3, 1_000, 300_000).parse(b(y.toString()), "t").size());
    }

    @Test
    void selfReferencingAliasesAreRefused() {
        InputError e = assertThrows(InputError.class, () -> yaml.parse(b("a: &a [x, *a]\n"), "t"));
        assertTrue(e.getMessage().contains("contains it") || e.getMessage().contains("Malformed"), e.getMessage());
    }

    @Test
    void guardRefusesTheRemainingSpecialRanges() throws Exception {
        for (String a : List.of("192.0.0.1", "192.0.0.170", "192.0.2.5", "198.51.100.7", "203.0.113.9", "192.88.99.1", "0.1.2.3",
                "64:ff9b::a00:1", "64:ff9b::808:808", "2002:a00:1::1", "2002:808:808::1", "::a00:1", "::", "::1", "::ffff:10.0.0.1",
                "2001:db8::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "100::1", "fe80::1", "fec0::1", "fd12::1", "ff02::1")) {
            assertFalse(UrlGuard.isPublic(InetAddress.getByName(a)), a + " must be refused");
        }
        for (String a : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "192.0.1.1")) {
            assertTrue(UrlGuard.isPublic(InetAddress.getByName(a)), a + " is public");
        }
    }

    @Test
    void malformedTargetsAreInputErrorsNotCrashes() {
        assertThrows(InputError.class, () -> LocationReader.resolve("url", "./has space.yaml", "url:https://h/r/catalog-info.yaml"));
        assertThrows(InputError.class, () -> LocationReader.resolve("file", "./nul\0.yaml", "file:/srv/cat/catalog-info.yaml"));
        assertThrows(InputError.class, () -> UrlGuard.parse("http://127.0.0.1:99999/x.yaml"));
        assertThrows(InputError.class, () -> UrlGuard.parse("http://exa mple.com/x.yaml"));
        assertThrows(InputError.class, () -> GitTarget.parse("https://h/r.git#main:a\0b"));
        assertThrows(InputError.class, () -> GitTarget.parse("https://h/r.git#--upload-pack=x:catalog-info.yaml"));
    }

    @Test
    void symbolicLinksAreFollowedOnlyInsideTheRepository() {
        assertEquals("real/catalog.yaml", GitClone.insideRepository("catalog-info.yaml", "real/catalog.yaml"));
        assertEquals("b/c.yaml", GitClone.insideRepository("a/link.yaml", "../b/c.yaml"));
        assertEquals(null, GitClone.insideRepository("a/link.yaml", "../../etc/passwd"));
        assertEquals(null, GitClone.insideRepository("link.yaml", "/etc/passwd"));
        assertEquals(null, GitClone.insideRepository("link.yaml", ".."));
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
        assertEquals("https://bitbucket.example.com/projects/P/repos/r/browse/docs/org.yaml?at=main",
                LocationReader.resolve("url", "./org.yaml", "url:https://bitbucket.example.com/projects/P/repos/r/browse/docs/catalog-info.yaml?at=main"));
        assertEquals("/srv/cat/org.yaml", LocationReader.resolve("file", "./org.yaml", "file:/srv/cat/catalog-info.yaml"));
        assertEquals("https://h/r/b/org.yaml", LocationReader.resolve("url", "./org.yaml", "url:https://h/r/b/catalog-info.yaml"));
        assertEquals("file:///r.git#main:sub/org.yaml", LocationReader.resolve("git", "./org.yaml", "git:file:///r.git#main:sub/catalog-info.yaml"));
    }
}
