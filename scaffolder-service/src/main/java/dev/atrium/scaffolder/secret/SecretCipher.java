package dev.atrium.scaffolder.secret;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * AES-GCM encryption of a task's secrets at rest. The task id is the associated data, so a
 * ciphertext copied onto another task does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {
    private static final Logger LOG = Logger.getLogger(SecretCipher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SecretCipher(ScaffolderConfig config) {
        byte[] raw;
        if (config.secrets().key().isPresent() && !config.secrets().key().get().isBlank()) {
            raw = Base64.getDecoder().decode(config.secrets().key().get().trim());
            if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
                throw new IllegalStateException("atrium.scaffolder.secrets.key must be 16, 24 or 32 bytes (base64); it is " + raw.length);
            }
        } else {
            raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            LOG.warn("atrium.scaffolder.secrets.key is not set: secret parameters are encrypted with a key made at start-up "
                    + "and cannot be read after a restart");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** The encrypted form of {@code secrets}. */
    public Sealed seal(UUID taskId, Map<String, String> secrets) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(taskId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Sealed(nonce, cipher.doFinal(JSON.writeValueAsBytes(secrets)));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not encrypt task secrets", e);
        }
    }

    /** Decrypts; throws {@link SecretsUnavailable} when the key changed since they were sealed. */
    public Map<String, String> open(UUID taskId, byte[] nonce, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(taskId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return JSON.readValue(cipher.doFinal(ciphertext), new TypeReference<Map<String, String>>() {
            });
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SecretsUnavailable();
        }
    }

    /** Nonce and ciphertext. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    /** The secrets cannot be decrypted (the key changed, e.g. a restart without a configured key). */
    public static final class SecretsUnavailable extends RuntimeException {
        SecretsUnavailable() {
            super("The task's secrets cannot be decrypted (was atrium.scaffolder.secrets.key changed?)", null, false, false);
        }
    }
}
