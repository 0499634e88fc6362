package dev.atrium.scaffolder.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay against metrics-service's event API (a WireMock stub speaking its contract):
 * while metrics-service is down, events wait in the outbox with growing back-off; once it answers
 * they are delivered with the service's client-credentials token, and marked delivered once.
 */
@QuarkusTest
class OutboxRelayTest extends ScaffolderTestSupport {
    static final String EVENTS = "/auth/metrics-stub/api/metrics/v1/events";
    static final String ROW = "SELECT %s FROM outbox WHERE type = 'task.finished' AND payload->'attributes'->>'taskId' = ?";

    @Inject
    OutboxRelay relay;

    @Test
    void eventsWaitWhileMetricsServiceIsDownAndAreDeliveredAfter() {
        String id = scaffold(alice(), stub(TemplateBuilder.v1beta3("outbox").step("log", "debug:log", Map.of("message", "hi"))), Map.of());
        awaitTask(alice(), id, "completed");
        assertEquals("0", text(ROW.formatted("attempts::text"), id));

        // down: the connection is reset, then it answers 503
        wiremock.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        relayUntil(id, "attempts >= 1");
        assertNull(text(ROW.formatted("delivered_at::text"), id), "not delivered");
        assertTrue(text(ROW.formatted("last_error"), id).contains("metrics-service"), text(ROW.formatted("last_error"), id));
        assertEquals("true", text(ROW.formatted("(next_attempt_at > now())::text"), id), "backs off before the next attempt");
        relay.relayOnce();
        assertEquals("1", text(ROW.formatted("attempts::text"), id), "not retried before its back-off passed");

        wiremock.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"name\":\"Error\",\"message\":\"starting\"}}")));
        relayUntil(id, "attempts >= 2");
        assertNull(text(ROW.formatted("delivered_at::text"), id));
        assertTrue(text(ROW.formatted("last_error"), id).contains("503"), text(ROW.formatted("last_error"), id));

        // back: 202 with the contract's counts
        wiremock.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"accepted\":1,\"duplicates\":0}")));
        relayUntil(id, "delivered_at IS NOT NULL");
        assertNull(text(ROW.formatted("last_error"), id));
        assertEquals("3", text(ROW.formatted("attempts::text"), id));
        String eventId = text(ROW.formatted("id::text"), id);
        wiremock.verify(postRequestedFor(urlPathEqualTo(EVENTS))
                .withHeader("Authorization", matching("Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(matchingJsonPath("$[?(@.id == '" + eventId + "')]"))
                .withRequestBody(matchingJsonPath("$[?(@.id == '" + eventId + "' && @.type == 'task.finished' && @.actor == 'alice' "
                        + "&& @.team == 'payments-team' && @.attributes.taskId == '" + id + "' && @.attributes.status == 'completed' "
                        + "&& @.attributes.workflow == 'new-service' && @.attributes.templateOwner == 'group:default/payments-team')]"))
                .withRequestBody(matchingJsonPath("$[?(@.id == '" + eventId + "' && @.attributes.durationMs >= 0 && @.time)]")));

        // delivered once: another pass sends nothing for it
        int before = wiremock.findAll(postRequestedFor(urlPathEqualTo(EVENTS)).withRequestBody(
                matchingJsonPath("$[?(@.id == '" + eventId + "')]"))).size();
        relay.relayOnce();
        assertEquals(before, wiremock.findAll(postRequestedFor(urlPathEqualTo(EVENTS)).withRequestBody(
                matchingJsonPath("$[?(@.id == '" + eventId + "')]"))).size());
        assertNotNull(text(ROW.formatted("delivered_at::text"), id));
    }

    /** Runs the relay until the task's event row matches {@code condition} (other tests' events may be ahead of it). */
    private void relayUntil(String taskId, String condition) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (count("SELECT count(*) FROM outbox WHERE type = 'task.finished' AND payload->'attributes'->>'taskId' = ? AND "
                + condition, taskId) == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "outbox row never reached: " + condition);
            relay.relayOnce();
            sleep(100);
        }
    }
}
