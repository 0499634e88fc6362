package dev.atrium.access.key;

import dev.atrium.access.config.AccessConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API key material: new keys are 256 random bits ({@code atrk_} + 43 base64url characters), and a key is
 * only ever stored as its keyed hash, HMAC-SHA-256 with a server pepper, so a copy of the database alone does
 * not let anyone check guesses. The pepper comes from {@code atrium.access.keys.pepper} or {@code pepper-file}.
 */
@ApplicationScoped
public class KeyMaterial {
    public static final String PREFIX = "atrk_";
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = 43;
    private static final int DISPLAY_LENGTH = PREFIX.length() + 6;
    private static final int MIN_PEPPER_LENGTH = 32;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec pepper;
    private final ThreadLocal<Mac> macs;

    @Inject
    public KeyMaterial(AccessConfig config) {
        this(readPepper(config.keys()));
    }

    /** For tests and tools: a fixed pepper. */
    public KeyMaterial(String pepper) {
        if (pepper == null || pepper.length() < MIN_PEPPER_LENGTH) {
            throw new IllegalStateException("atrium.access.keys.pepper must be at least " + MIN_PEPPER_LENGTH + " characters");
        }
        this.pepper = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private static String readPepper(AccessConfig.Keys keys) {
        if (keys.pepper().isPresent() && !keys.pepper().get().isBlank()) {
            return keys.pepper().get();
        }
        if (keys.pepperFile().isPresent() && !keys.pepperFile().get().isBlank()) {
            try {
                return Files.readString(Path.of(keys.pepperFile().get())).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read atrium.access.keys.pepper-file " + keys.pepperFile().get(), e);
            }
        }
        throw new IllegalStateException("Set atrium.access.keys.pepper (env ATRIUM_ACCESS_KEY_PEPPER) or "
                + "atrium.access.keys.pepper-file: the server secret API keys are hashed with");
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new random key. The caller shows it once and keeps only {@link #hash}. */
    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex HMAC-SHA-256 of the key with the pepper. */
    public String hash(String key) {
        Mac mac = macs.get();
        return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code value} has the shape of a key this service issues (cheap pre-check before hashing). */
    public static boolean wellFormed(String value) {
        if (value == null || value.length() != PREFIX.length() + ENCODED_LENGTH || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The first few characters, safe to show so people can tell their keys apart. */
    public static String displayPrefix(String key) {
        return key.substring(0, DISPLAY_LENGTH);
    }
}
