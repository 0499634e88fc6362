package dev.atrium.hub.web;

import dev.atrium.hub.config.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens of the signed double-submit kind (decision 0024): the browser holds a random value in an
 * HttpOnly, SameSite=Strict cookie, and every form carries HMAC(key, value | user). A request is accepted
 * only when the form's token is the HMAC of the cookie it arrived with, for the user it is signed in as.
 * Another site can neither read the cookie nor compute the HMAC without the key.
 */
@ApplicationScoped
public class CsrfTokens {
    /** Name of the form field and of the header htmx requests may use instead. */
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final int NONCE_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    CsrfTokens(HubConfig config) {
        String secret = config.security().csrfKey();
        if (secret.length() < 32) {
            throw new IllegalStateException("atrium.hub.security.csrf-key must be at least 32 characters");
        }
        this.key = new SecretKeySpec(sha256(secret), "HmacSHA256");
    }

    /** A fresh cookie value. */
    public String newNonce() {
        byte[] b = new byte[NONCE_BYTES];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** The token forms must carry for {@code nonce} (the cookie) and {@code user}. */
    public String tokenFor(String nonce, String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal((nonce + "|" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code token} belongs to {@code nonce} and {@code user}; constant time. */
    public boolean matches(String token, String nonce, String user) {
        if (token == null || nonce == null || token.isEmpty() || nonce.isEmpty() || token.length() > 100 || nonce.length() > 100) {
            return false;
        }
        byte[] expected = tokenFor(nonce, user).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
