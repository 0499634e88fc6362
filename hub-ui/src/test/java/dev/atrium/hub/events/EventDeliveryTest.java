package dev.atrium.hub.events;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.Fixtures;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Idp;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Page views go to metrics-service in batches with the hub's own token, and survive metrics-service being down. */
@QuarkusTest
class EventDeliveryTest {
    static final String SERVICE_TOKEN = "hub-client-credentials-token";

    @Inject
    EventSink sink;

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.catalog();
        Idp.admin().register(post(urlEqualTo(Idp.TOKEN_PATH)).atPriority(1)
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(Stubs.json(200, "{\"access_token\":\"" + SERVICE_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    }

    @Test
    void pageViewsAreBatchedAndSentWithTheHubsClientCredentialsToken() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.buffered() == 0);
        Stubs.server().resetRequests();

        for (int i = 0; i < 5; i++) {
            assertEquals(200, alice.get("/catalog/component/default/payments-api").status());
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> views(events()) >= 5);
        var requests = Stubs.requests(Stubs.METRICS + "/events");
        assertTrue(requests.size() < 5, "batched: " + requests.size() + " requests for 5 views");
        requests.forEach(r -> {
            String auth = r.getHeader("Authorization");
            assertTrue(auth != null && auth.startsWith("Bearer "), "a bearer token");
            assertTrue(!auth.equals("Bearer " + TestUser.ALICE.accessToken()), "the hub's own token, not the user's");
        });
        Idp.admin().verifyThat(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(Idp.TOKEN_PATH))
                .withRequestBody(containing("grant_type=client_credentials")));
        // the sign-in's own page view may still be in flight when the requests are reset: pick this test's views
        JsonNode view = events().stream().filter(EventDeliveryTest::isPaymentsApiView).findFirst().orElseThrow();
        assertEquals("alice", view.path("actor").asText());
        assertEquals("payments-team", view.path("team").asText());
        assertTrue(view.path("id").asText().startsWith("hub-"));
        assertTrue(view.path("time").asText().endsWith("Z"));
    }

    @Test
    void eventsWaitWhileMetricsServiceIsDownAndAreSentOnceItIsBack() {
        HubSession alice = HubSession.login(TestUser.ALICE);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.buffered() == 0);
        Stubs.server().resetAll();
        DemoStubs.catalog();
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.METRICS + "/events")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(Stubs.json(503, "{}")).willSetStateTo("still down"));
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.METRICS + "/events")).inScenario("outage").whenScenarioStateIs("still down")
                .willReturn(Stubs.json(503, "{}")).willSetStateTo("back"));
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.METRICS + "/events")).inScenario("outage").whenScenarioStateIs("back")
                .willReturn(Stubs.json(202, "{\"accepted\":1,\"duplicates\":0}")));

        long start = System.nanoTime();
        assertEquals(200, alice.get("/catalog/component/default/payments-api").status());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000, "the page does not wait for metrics-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> Stubs.requests(Stubs.METRICS + "/events").size() >= 3);
        List<JsonNode> attempts = new ArrayList<>();
        for (var r : Stubs.requests(Stubs.METRICS + "/events")) {
            attempts.add(readTree(r.getBodyAsString()));
        }
        Set<String> firstIds = ids(attempts.get(0));
        assertTrue(!firstIds.isEmpty(), "the failed batch had events");
        assertEquals(firstIds, ids(attempts.get(1)), "the same events, with the same idempotency keys, are sent again");
        assertEquals(firstIds, ids(attempts.get(2)), "and accepted once metrics-service is back");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.buffered() == 0);
    }

    private static long views(List<JsonNode> events) {
        return events.stream().filter(EventDeliveryTest::isPaymentsApiView).count();
    }

    private static boolean isPaymentsApiView(JsonNode e) {
        return e.path("type").asText().equals("page.viewed")
                && e.path("attributes").path("path").asText().equals("/catalog/component/default/payments-api");
    }

    static List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        for (var r : Stubs.requests(Stubs.METRICS + "/events")) {
            JsonNode body = readTree(r.getBodyAsString());
            if (body.isArray()) {
                body.forEach(out::add);
            } else {
                out.add(body);
            }
        }
        return out;
    }

    private static Set<String> ids(JsonNode batch) {
        Set<String> out = new HashSet<>();
        batch.forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private static JsonNode readTree(String s) {
        try {
            return Fixtures.JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
