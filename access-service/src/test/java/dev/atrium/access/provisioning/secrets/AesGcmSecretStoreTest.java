package dev.atrium.access.provisioning.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AES-256-GCM of the built-in store, without the database: round trip, nonce, and the ref bound as associated data. */
class AesGcmSecretStoreTest {
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private static AesGcmSecretStore store(String key) {
        AesGcmSecretStore s = new AesGcmSecretStore();
        s.init(key);
        return s;
    }

    @Test
    void roundTripsAndHidesThePlaintext() throws Exception {
        AesGcmSecretStore s = store(KEY);
        byte[] nonce = new byte[12];
        byte[] ct = s.encrypt("atrk_secret", nonce, "builtin:a/b");
        assertFalse(new String(ct, StandardCharsets.ISO_8859_1).contains("atrk_secret"));
        assertEquals(16 + "atrk_secret".length(), ct.length, "ciphertext plus a 128-bit tag");
        assertEquals("atrk_secret", s.decrypt(ct, nonce, "builtin:a/b"));
    }

    @Test
    void aCiphertextMovedToAnotherRefOrTamperedWithDoesNotDecrypt() throws Exception {
        AesGcmSecretStore s = store(KEY);
        byte[] nonce = new byte[12];
        byte[] ct = s.encrypt("atrk_secret", nonce, "builtin:a/b");
        assertThrows(GeneralSecurityException.class, () -> s.decrypt(ct, nonce, "builtin:a/c"));
        byte[] flipped = Arrays.copyOf(ct, ct.length);
        flipped[0] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> s.decrypt(flipped, nonce, "builtin:a/b"));
    }

    @Test
    void anotherKeyCannotDecrypt() throws Exception {
        byte[] nonce = new byte[12];
        byte[] ct = store(KEY).encrypt("atrk_secret", nonce, "r");
        String other = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertThrows(GeneralSecurityException.class, () -> store(other).decrypt(ct, nonce, "r"));
    }

    @Test
    void differentNoncesGiveDifferentCiphertexts() throws Exception {
        AesGcmSecretStore s = store(KEY);
        byte[] n1 = new byte[12];
        byte[] n2 = new byte[12];
        n2[11] = 1;
        assertNotEquals(Arrays.toString(s.encrypt("v", n1, "r")), Arrays.toString(s.encrypt("v", n2, "r")));
    }

    @Test
    void keysThatAreNot256BitOrNotBase64AreRefused() {
        assertThrows(IllegalStateException.class, () -> store(Base64.getEncoder().encodeToString(new byte[16])));
        assertThrows(IllegalStateException.class, () -> store("not base64!"));
    }
}
