package dev.atrium.access.provisioning.secrets;

import dev.atrium.access.config.AccessConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default secrets store: AES-256-GCM ciphertext in this service's own database, with a random 96-bit
 * nonce per value and the ref as associated data (a ciphertext copied to another row does not decrypt).
 * The key comes from {@code atrium.access.provisioning.secrets.builtin.key} or {@code key-file}; its label
 * (first bytes of its SHA-256) is stored with each value so a rotated key is detected instead of
 * producing garbage.
 */
@ApplicationScoped
public class AesGcmSecretStore implements SecretStore {
    public static final String REF_PREFIX = "builtin:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    @Inject
    AccessConfig config;

    @Inject
    StoredSecretRepository repository;

    private final SecureRandom random = new SecureRandom();
    private volatile SecretKey key;
    private volatile String keyLabel;

    @Override
    public String type() {
        return "builtin";
    }

    @Override
    public boolean keepsAfterReveal() {
        return false;
    }

    /** Reads and checks the key; called at start-up when this store is the one configured. */
    public void init() {
        AccessConfig.Builtin c = config.provisioning().secrets().builtin();
        String encoded = c.key().filter(k -> !k.isBlank()).orElseGet(() -> c.keyFile().filter(f -> !f.isBlank())
                .map(AesGcmSecretStore::read)
                .orElseThrow(() -> new IllegalStateException("The built-in secrets store needs a key: set "
                        + "atrium.access.provisioning.secrets.builtin.key (env ATRIUM_ACCESS_SECRETS_KEY, base64 of 32 bytes) or key-file")));
        init(encoded.trim());
    }

    /** Uses the given base64 key (tests, tools). */
    public void init(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The built-in secrets store key is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("The built-in secrets store key must be 32 bytes (AES-256), got " + bytes.length);
        }
        key = new SecretKeySpec(bytes, "AES");
        try {
            keyLabel = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets store key file " + file, e);
        }
    }

    @Override
    @Transactional
    public String put(String path, String value, Map<String, String> metadata) throws GeneralSecurityException {
        String ref = REF_PREFIX + path;
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        StoredSecret s = repository.findById(ref);
        boolean fresh = s == null;
        if (fresh) {
            s = new StoredSecret();
            s.ref = ref;
            s.createdAt = Instant.now();
        }
        s.keyLabel = keyLabel;
        s.nonce = Base64.getEncoder().encodeToString(nonce);
        s.ciphertext = Base64.getEncoder().encodeToString(encrypt(value, nonce, ref));
        if (fresh) {
            repository.persist(s);
        }
        return ref;
    }

    @Override
    @Transactional
    public Optional<String> get(String ref) throws GeneralSecurityException {
        StoredSecret s = repository.findById(ref);
        if (s == null) {
            return Optional.empty();
        }
        if (!keyLabel.equals(s.keyLabel)) {
            throw new GeneralSecurityException("secret " + ref + " was encrypted with another key (" + s.keyLabel + ")");
        }
        return Optional.of(decrypt(Base64.getDecoder().decode(s.ciphertext), Base64.getDecoder().decode(s.nonce), ref));
    }

    @Override
    @Transactional
    public void delete(String ref) {
        repository.deleteById(ref);
    }

    byte[] encrypt(String value, byte[] nonce, String aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    String decrypt(byte[] ciphertext, byte[] nonce, String aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
    }
}
