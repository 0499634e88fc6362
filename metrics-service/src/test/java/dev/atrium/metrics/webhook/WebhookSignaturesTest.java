package dev.atrium.metrics.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Signature checks against GitHub's documented example and edge cases. */
class WebhookSignaturesTest {

    @Test
    void matchesGithubsDocumentedExample() {
        // docs.github.com "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!"
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String expected = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertEquals(expected, HexFormat.of().formatHex(WebhookSignatures.githubSignature("It's a Secret to Everybody", body)));
        assertTrue(WebhookSignatures.githubValid("It's a Secret to Everybody", body, "sha256=" + expected));
    }

    @Test
    void refusesEverythingElse() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String good = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.githubSignature("s", body));
        assertTrue(WebhookSignatures.githubValid("s", body, good));
        assertFalse(WebhookSignatures.githubValid("s", body, null));
        assertFalse(WebhookSignatures.githubValid("s", body, good.toUpperCase().replace("SHA256", "sha1")));
        assertFalse(WebhookSignatures.githubValid("s", body, good.substring(0, good.length() - 2)));
        assertFalse(WebhookSignatures.githubValid("s", body, "sha256=zz"));
        assertFalse(WebhookSignatures.githubValid(null, body, good));
        assertFalse(WebhookSignatures.githubValid("", body, good));
        assertFalse(WebhookSignatures.githubValid("t", body, good));
        assertTrue(WebhookSignatures.gitlabValid("token", "token"));
        assertFalse(WebhookSignatures.gitlabValid("token", "token "));
        assertFalse(WebhookSignatures.gitlabValid("token", null));
        assertFalse(WebhookSignatures.gitlabValid("", ""));
    }

    @Test
    void parsesScmTimeFormats() {
        assertEquals("2021-04-28T19:50:00Z", ScmTimes.parse("2021-04-28 21:50:00 +0200").toString());
        assertEquals("2013-12-03T17:23:34Z", ScmTimes.parse("2013-12-03 17:23:34 UTC").toString());
        assertEquals("2026-12-01T10:00:00Z", ScmTimes.parse("2026-12-01T10:00:00Z").toString());
        assertEquals(null, ScmTimes.parse("yesterday"));
    }
}
