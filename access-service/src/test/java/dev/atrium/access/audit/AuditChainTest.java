package dev.atrium.access.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hash of an audit record: deterministic, covering every field and the previous hash. */
class AuditChainTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123456Z");

    private static AuditChain.Fields fields(String details) {
        return new AuditChain.Fields(7, "6b0b6d9e-8e1c-4f0e-9c0e-2f7d8f4b1a11", AT, "alice", "request.created", "request:x",
                "group:default/payments-team", details);
    }

    @Test
    void sameInputSameHashAndHexOfSha256() {
        String h = AuditChain.hash(AuditChain.GENESIS, fields("{}"));
        assertEquals(h, AuditChain.hash(AuditChain.GENESIS, fields("{}")));
        assertTrue(h.matches("[0-9a-f]{64}"));
    }

    @Test
    void everyFieldAndThePreviousHashChangeTheHash() {
        String base = AuditChain.hash(AuditChain.GENESIS, fields("{}"));
        AuditChain.Fields f = fields("{}");
        Set<String> hashes = new HashSet<>(Set.of(base));
        hashes.add(AuditChain.hash("1".repeat(64), f));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(8, f.id(), f.at(), f.actor(), f.action(), f.subject(), f.team(), f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(7, UUID.randomUUID().toString(), f.at(), f.actor(), f.action(), f.subject(), f.team(), f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(7, f.id(), f.at().plusNanos(1000), f.actor(), f.action(), f.subject(), f.team(), f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(7, f.id(), f.at(), "bob", f.action(), f.subject(), f.team(), f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(7, f.id(), f.at(), f.actor(), "request.approved", f.subject(), f.team(), f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(7, f.id(), f.at(), f.actor(), f.action(), "request:y", f.team(), f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, new AuditChain.Fields(7, f.id(), f.at(), f.actor(), f.action(), f.subject(), null, f.details())));
        hashes.add(AuditChain.hash(AuditChain.GENESIS, fields("{\"a\":1}")));
        assertEquals(10, hashes.size());
    }

    @Test
    void fieldBoundariesCannotBeShiftedToForgeAnEqualHash() {
        // "ab" + "c" and "a" + "bc" concatenate alike; the length prefixes keep them apart.
        AuditChain.Fields one = new AuditChain.Fields(1, "id", AT, "ab", "c", "s", "t", "{}");
        AuditChain.Fields two = new AuditChain.Fields(1, "id", AT, "a", "bc", "s", "t", "{}");
        assertNotEquals(AuditChain.hash(AuditChain.GENESIS, one), AuditChain.hash(AuditChain.GENESIS, two));
    }

    @Test
    void randomSingleCharacterEditsAlwaysChangeTheHash() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            String details = AuditLog.canonical(Map.of("reason", "r" + random.nextInt(), "n", random.nextInt(1000)));
            String h = AuditChain.hash(AuditChain.GENESIS, fields(details));
            int at = random.nextInt(details.length());
            char replacement = (char) (details.charAt(at) == 'x' ? 'y' : 'x');
            String edited = details.substring(0, at) + replacement + details.substring(at + 1);
            assertNotEquals(h, AuditChain.hash(AuditChain.GENESIS, fields(edited)), edited);
        }
    }

    @Test
    void canonicalDetailsSortKeysSoEqualMapsHashAlike() {
        assertEquals("{\"a\":1,\"b\":\"x\"}", AuditLog.canonical(new java.util.LinkedHashMap<>(Map.of("b", "x", "a", 1))));
        assertEquals(AuditLog.canonical(Map.of("b", "x", "a", 1)), AuditLog.canonical(Map.of("a", 1, "b", "x")));
    }

    @Test
    void microsecondsAreTheHashedPrecision() {
        AuditChain.Fields nanos = new AuditChain.Fields(1, "id", AT.plusNanos(999), "a", "b", "c", null, "{}");
        AuditChain.Fields micros = new AuditChain.Fields(1, "id", AT, "a", "b", "c", null, "{}");
        assertEquals(AuditChain.hash(AuditChain.GENESIS, micros), AuditChain.hash(AuditChain.GENESIS, nanos));
    }
}
