package dev.atrium.access.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** API key material: 256 random bits, a recognisable format, and a hash keyed with the pepper. */
class KeyMaterialTest {
    private final KeyMaterial material = new KeyMaterial("pepper-one-0123456789-0123456789-0123456789");

    @Test
    void keysCarry256RandomBitsAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = material.generate();
            assertTrue(KeyMaterial.wellFormed(key), key);
            assertEquals(32, Base64.getUrlDecoder().decode(key.substring(KeyMaterial.PREFIX.length())).length);
            assertTrue(seen.add(key));
        }
    }

    @Test
    void theHashIsKeyedByThePepper() {
        String key = material.generate();
        String other = new KeyMaterial("pepper-two-0123456789-0123456789-0123456789").hash(key);
        assertEquals(material.hash(key), material.hash(key));
        assertNotEquals(material.hash(key), other);
        assertTrue(material.hash(key).matches("[0-9a-f]{64}"));
        assertFalse(material.hash(key).contains(key.substring(5, 15)));
    }

    @Test
    void malformedKeysAreRecognisedWithoutHashing() {
        assertFalse(KeyMaterial.wellFormed(null));
        assertFalse(KeyMaterial.wellFormed("atrk_short"));
        assertFalse(KeyMaterial.wellFormed("sk-" + "a".repeat(45)));
        assertFalse(KeyMaterial.wellFormed("atrk_" + "a".repeat(42) + "!"));
        assertTrue(KeyMaterial.wellFormed("atrk_" + "a".repeat(43)));
    }

    @Test
    void theDisplayPrefixShowsFewCharacters() {
        String key = material.generate();
        assertEquals(11, KeyMaterial.displayPrefix(key).length());
        assertTrue(key.startsWith(KeyMaterial.displayPrefix(key)));
    }

    @Test
    void aShortPepperIsRefused() {
        assertThrows(IllegalStateException.class, () -> new KeyMaterial("too-short"));
        assertThrows(IllegalStateException.class, () -> new KeyMaterial((String) null));
    }
}
