package dev.atrium.access.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * access.provisioned reaches metrics-service (a WireMock stub of its event intake) through the outbox, with a
 * client-credentials token, in the contract's shape; while the endpoint is down events wait and are retried.
 */
@QuarkusTest
class EventRelayTest extends AccessTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode sentEvent(String id) throws Exception {
        for (LoggedRequest r : stubs().find(postRequestedFor(urlEqualTo("/api/metrics/v1/events")))) {
            for (JsonNode e : JSON.readTree(r.getBodyAsString())) {
                if (id.equals(e.path("id").asText())) {
                    return e;
                }
            }
        }
        return null;
    }

    private void awaitDelivered(String eventId) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && count("SELECT count(*) FROM event_outbox WHERE id = ? AND delivered_at IS NOT NULL", eventId) == 0) {
            sleep(100);
        }
        assertEquals(1, count("SELECT count(*) FROM event_outbox WHERE id = ? AND delivered_at IS NOT NULL", eventId), "delivered");
    }

    @Test
    void anActiveGrantSendsAccessProvisionedWithAServiceToken() throws Exception {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        String eventId = "access.provisioned:" + id;
        awaitDelivered(eventId);
        JsonNode e = sentEvent(eventId);
        assertEquals("access.provisioned", e.path("type").asText());
        assertEquals("alice", e.path("actor").asText());
        assertEquals("payments-team", e.path("team").asText());
        assertEquals(id, e.path("attributes").path("requestId").asText());
        assertEquals(model.ref(), e.path("attributes").path("model").asText());
        assertEquals("standard", e.path("attributes").path("tier").asText());
        assertEquals("access-request", e.path("attributes").path("workflow").asText());
        assertTrue(e.path("attributes").path("durationMs").asLong() >= 0);
        assertTrue(e.path("time").asText().endsWith("Z"));
        stubs().verifyThat(postRequestedFor(urlEqualTo("/api/metrics/v1/events"))
                .withHeader("Authorization", matching("Bearer .+"))
                .withRequestBody(matchingJsonPath("$[?(@.id == '" + eventId + "')]")));
    }

    @Test
    void whileMetricsServiceIsDownEventsWaitAndAreDeliveredOnceItIsBack() throws Exception {
        StubMapping down = stubs().register(post(urlEqualTo("/api/metrics/v1/events")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        StubMapping unavailable = null;
        String eventId = null;
        try {
            var model = stubModel("open");
            String id = create(alice(), model.ref(), "payments-team", 10);
            awaitActive(alice(), id);
            eventId = "access.provisioned:" + id;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && count("SELECT attempts FROM event_outbox WHERE id = ?", eventId) < 2) {
                sleep(100);
            }
            assertTrue(count("SELECT attempts FROM event_outbox WHERE id = ?", eventId) >= 2, "retried while down");
            assertEquals(0, count("SELECT count(*) FROM event_outbox WHERE id = ? AND delivered_at IS NOT NULL", eventId));
            assertTrue(((String) scalar("SELECT last_error FROM event_outbox WHERE id = ?", eventId)).contains("unreachable"));

            stubs().removeStubMapping(down);
            down = null;
            unavailable = stubs().register(post(urlEqualTo("/api/metrics/v1/events")).atPriority(1)
                    .willReturn(aResponse().withStatus(503)));
            long attempts = count("SELECT attempts FROM event_outbox WHERE id = ?", eventId);
            deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && count("SELECT attempts FROM event_outbox WHERE id = ?", eventId) <= attempts) {
                sleep(100);
            }
            assertEquals("metrics-service answered HTTP 503", scalar("SELECT last_error FROM event_outbox WHERE id = ?", eventId));
        } finally {
            if (down != null) {
                stubs().removeStubMapping(down);
            }
            if (unavailable != null) {
                stubs().removeStubMapping(unavailable);
            }
        }
        awaitDelivered(eventId);
        assertEquals(1, count("SELECT count(*) FROM event_outbox WHERE id = ?", eventId), "one event, however often it was sent");
        assertEquals(null, scalar("SELECT last_error FROM event_outbox WHERE id = ?", eventId));
        assertEquals("access.provisioned", sentEvent(eventId).path("type").asText());
    }
}
