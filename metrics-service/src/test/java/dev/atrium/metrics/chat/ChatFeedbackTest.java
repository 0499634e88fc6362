package dev.atrium.metrics.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.atrium.metrics.support.MetricsTestSupport;
import dev.atrium.metrics.support.StubServers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Template feedback reaches chat: one post per answer and a daily digest, through an outbox that survives a down webhook. */
@QuarkusTest
class ChatFeedbackTest extends MetricsTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ChatRelay relay;

    @Inject
    ChatFeedback feedback;

    private WireMockServer stub;

    @BeforeEach
    void hooksAnswer() {
        stub = StubServers.server();
        stub.stubFor(post(urlEqualTo("/hooks/platform")).willReturn(aResponse().withStatus(200).withBody("ok")));
        stub.stubFor(post(urlEqualTo("/hooks/ml")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    private void drain() {
        for (int i = 0; i < 5; i++) {
            relay.runOnce();
        }
    }

    private List<JsonNode> postsTo(String path, String containing) {
        return stub.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing(containing))).stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    @Test
    void eachAnswerIsPostedWithTemplateOwnerAnswerAndTaskLink() {
        String template = "template:default/" + unique("golden");
        Map<String, Object> answer = templateAnswer("alice", "payments-team", Instant.now().minusSeconds(60), template,
                "group:default/platform-team", false, "The README points at @channel <!here> & a dead link");
        send(answer);
        drain();
        List<JsonNode> posts = postsTo("/hooks/platform", template.substring(template.indexOf('/') + 1));
        assertEquals(1, posts.size());
        JsonNode body = posts.get(0);
        String text = body.path("text").asText();
        String taskUrl = (String) ((Map<?, ?>) answer.get("attributes")).get("taskUrl");
        assertTrue(text.contains(template.substring(template.lastIndexOf('/') + 1)), text);
        assertTrue(text.contains("owner platform-team"), text);
        assertTrue(text.contains("did NOT do what they expected"), text);
        assertTrue(text.contains(taskUrl), text);
        JsonNode att = body.path("attachments").get(0);
        assertEquals(taskUrl, att.path("title_link").asText());
        String fields = att.path("fields").toString();
        assertTrue(fields.contains("group:default/platform-team"), fields);
        assertTrue(fields.contains("@\u200Bchannel") && fields.contains("&lt;!here&gt;") && fields.contains("&amp;"), fields);
        // The ml webhook only takes ml-platform-team's templates.
        assertEquals(0, postsTo("/hooks/ml", template.substring(template.indexOf('/') + 1)).size());
        assertEquals(1, count("SELECT count(*) FROM chat_outbox WHERE dedup_key = ? AND delivered_at IS NOT NULL",
                "answer:platform:" + answer.get("id")));
    }

    @Test
    void ownerFilteredWebhookGetsItsTeamsTemplates() {
        String template = "template:default/" + unique("model-serving");
        send(templateAnswer("carol", "ml-platform-team", Instant.now().minusSeconds(60), template, "ml-platform-team", true, ""));
        drain();
        String name = template.substring(template.indexOf('/') + 1);
        assertEquals(1, postsTo("/hooks/ml", name).size());
        assertEquals(1, postsTo("/hooks/platform", name).size());
    }

    @Test
    void nothingIsLostWhileTheWebhookIsDown() throws InterruptedException {
        String template = "template:default/" + unique("flaky");
        String name = template.substring(template.indexOf('/') + 1);
        StubMapping down = stub.stubFor(post(urlEqualTo("/hooks/platform")).atPriority(1)
                .withRequestBody(containing(name)).willReturn(aResponse().withStatus(503)));
        Map<String, Object> answer = templateAnswer("bob", "checkout-team", Instant.now().minusSeconds(60), template,
                "group:default/platform-team", true, "fine");
        send(answer);
        relay.runOnce();
        Thread.sleep(300);
        relay.runOnce();
        String key = "answer:platform:" + answer.get("id");
        assertEquals(1, count("SELECT count(*) FROM chat_outbox WHERE dedup_key = ? AND delivered_at IS NULL AND attempts >= 2"
                + " AND last_error = 'HTTP 503'", key));
        int failedTries = postsTo("/hooks/platform", name).size();
        assertTrue(failedTries >= 2, "tries while down: " + failedTries);

        stub.removeStub(down);
        Thread.sleep(300);
        drain();
        assertEquals(failedTries + 1, postsTo("/hooks/platform", name).size());
        assertEquals(1, count("SELECT count(*) FROM chat_outbox WHERE dedup_key = ? AND delivered_at IS NOT NULL", key));
        drain();
        assertEquals(failedTries + 1, postsTo("/hooks/platform", name).size(), "delivered exactly once after recovery");
    }

    @Test
    void dailyDigestSummarisesADayOnceAcrossRuns() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        Instant noon = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(12, ChronoUnit.HOURS);
        String template = "template:default/" + unique("digest");
        send(templateAnswer("alice", "payments-team", noon, template, "platform-team", true, "add a Kafka option"),
                templateAnswer("bob", "checkout-team", noon.plusSeconds(60), template, "platform-team", false, "slow"),
                templateAnswer("dave", "data-team", noon.plusSeconds(120), template, "platform-team", true, ""));
        assertTrue(feedback.queueDigest(day) >= 1);
        assertEquals(0, feedback.queueDigest(day), "a second run for the same day queues nothing");
        drain();
        List<JsonNode> digests = stub.findAll(postRequestedFor(urlEqualTo("/hooks/platform"))
                .withRequestBody(containing("digest for " + day))).stream().map(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertEquals(1, digests.size());
        String name = template.substring(template.indexOf('/') + 1);
        JsonNode line = null;
        for (JsonNode att : digests.get(0).path("attachments")) {
            if (att.path("title").asText().startsWith(name)) {
                line = att;
            }
        }
        assertTrue(line != null, digests.get(0).toString());
        String fields = line.path("fields").toString();
        assertTrue(fields.contains("\"value\":\"3\""), fields);
        assertTrue(fields.contains("67 %"), fields);
        assertTrue(fields.contains("add a Kafka option") && fields.contains("slow"), fields);
        stub.verify(0, postRequestedFor(urlEqualTo("/hooks/ml")).withRequestBody(containing("digest for " + day))
                .withRequestBody(containing(name)));
    }

}
