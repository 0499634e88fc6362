package dev.atrium.metrics.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies SCM webhook deliveries in constant time: GitHub's HMAC signature and GitLab's shared token. */
public final class WebhookSignatures {
    private static final String PREFIX = "sha256=";

    private WebhookSignatures() {
    }

    /** True when {@code header} is {@code sha256=<hex HMAC-SHA256 of body under secret>}. */
    public static boolean githubValid(String secret, byte[] body, String header) {
        if (secret == null || secret.isEmpty() || header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(githubSignature(secret, body), given);
    }

    /** HMAC-SHA256 of the raw body, as GitHub computes it. */
    public static byte[] githubSignature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** True when {@code header} equals the configured token; both are hashed first so length does not leak. */
    public static boolean gitlabValid(String token, String header) {
        if (token == null || token.isEmpty() || header == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), sha256(header));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
