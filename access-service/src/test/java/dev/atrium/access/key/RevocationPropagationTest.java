package dev.atrium.access.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verification cache follows changes made anywhere: a revocation written straight to the database (as
 * another replica would) and usage crossing the budget fail verification here within a second.
 */
@QuarkusTest
class RevocationPropagationTest extends AccessTestSupport {

    @Inject
    KeyCache cache;

    private long millisUntilReason(String key, String model, String reason) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            if (reason.equals(verify(key, model).getString("reason"))) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        throw new AssertionError("verification did not answer " + reason + " within 5 s");
    }

    @Test
    void aRevocationByAnotherReplicaFailsHereWithinOneSecond() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!cache.listening() && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
        assertTrue(cache.listening(), "the change listener is connected");
        var model = stubModel("open");
        String key = activeKey(alice(), model.ref(), "payments-team", 1000);
        for (int i = 0; i < 50; i++) {
            assertTrue(verify(key, model.ref()).getBoolean("valid"));
        }
        String keyId = verify(key, model.ref()).getString("keyId");
        // Another replica's revocation: a plain UPDATE, nothing in this instance knows about it.
        assertEquals(1, execute("UPDATE api_key SET revoked_at = now(), revoked_by = 'replica-2' WHERE id = ?::uuid", keyId));
        long millis = millisUntilReason(key, model.ref(), "revoked");
        assertTrue(millis < 1000, "revoked key still valid after " + millis + " ms");
    }

    @Test
    void usageCrossingTheBudgetFailsVerificationWithinOneSecond() {
        var model = stubModel("open");
        String key = activeKey(alice(), model.ref(), "payments-team", 1000);
        var v = verify(key, model.ref());
        assertEquals(1000, v.getLong("remainingTokens"));
        String keyId = v.getString("keyId");
        as(gateway()).body(Map.of("id", UUID.randomUUID().toString(), "keyId", keyId, "model", model.ref(), "tokens", 600))
                .post(BASE + "/usage").then().statusCode(202);
        as(gateway()).body(List.of(Map.of("id", UUID.randomUUID().toString(), "keyId", keyId, "model", model.ref(), "tokens", 400)))
                .post(BASE + "/usage").then().statusCode(202);
        long millis = millisUntilReason(key, model.ref(), "budget_exhausted");
        assertTrue(millis < 1000, "exhausted budget still valid after " + millis + " ms");
        assertEquals(0, verify(key, model.ref()).getLong("remainingTokens"));
    }
}
