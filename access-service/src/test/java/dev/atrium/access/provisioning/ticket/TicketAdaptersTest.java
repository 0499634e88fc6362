package dev.atrium.access.provisioning.ticket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.atrium.access.provisioning.ProvisioningContext;
import dev.atrium.access.request.AccessRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook and Jira ITSM adapters against stub servers. */
class TicketAdaptersTest {
    private WireMockServer server;
    private final UUID requestId = UUID.randomUUID();
    private final ProvisioningContext context = new ProvisioningContext(requestId, ProvisioningContext.PROVISION,
            "group:default/payments-team", "aimodel:default/chat", "AIModel", "Chat",
            Map.of("aimodel:default/chat", new AccessRequest.CoveredModel("CC-1", "group:default/ml-platform-team", "open")),
            "alice", "dispute summaries", 1000, "open", "PROVISIONING");

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String url() {
        return "http://localhost:" + server.port();
    }

    @Test
    void webhookPostsTheTicketWithAnIdempotencyKeyAndReturnsTheReceiversId() throws Exception {
        server.stubFor(post(urlEqualTo("/itsm")).willReturn(aResponse().withStatus(201).withBody("{\"id\":\"CHG-42\"}")));
        WebhookTicketProvisioner hook = new WebhookTicketProvisioner(url() + "/itsm", "Token abc", Duration.ofSeconds(5));
        assertEquals("webhook:CHG-42", hook.provision(context));
        server.verify(postRequestedFor(urlEqualTo("/itsm"))
                .withHeader("Idempotency-Key", equalTo("atrium-provision-" + requestId))
                .withHeader("Authorization", equalTo("Token abc"))
                .withRequestBody(matchingJsonPath("$.fields.team", equalTo("group:default/payments-team")))
                .withRequestBody(matchingJsonPath("$.fields.model", equalTo("aimodel:default/chat")))
                .withRequestBody(matchingJsonPath("$.summary", equalTo("AI model access granted: payments-team → aimodel:default/chat (open)"))));
    }

    @Test
    void webhookWithoutABodyStillSucceedsAndAFailureIsAnError() throws Exception {
        server.stubFor(post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(204)));
        assertEquals("webhook:atrium-provision-" + requestId,
                new WebhookTicketProvisioner(url() + "/ok", null, Duration.ofSeconds(5)).provision(context));
        server.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        IOException e = assertThrows(IOException.class,
                () -> new WebhookTicketProvisioner(url() + "/down", null, Duration.ofSeconds(5)).provision(context));
        assertEquals("ticket webhook answered HTTP 503", e.getMessage());
    }

    @Test
    void jiraCreatesAnIssueLabelledWithTheIdempotencyKey() throws Exception {
        server.stubFor(get(urlPathEqualTo("/rest/api/2/search")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"issues\":[]}")));
        server.stubFor(post(urlEqualTo("/rest/api/2/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"10001\",\"key\":\"ACCESS-7\"}")));
        JiraTicketProvisioner jira = new JiraTicketProvisioner(url(), "ACCESS", "Task", "bot@example.com", "api-token", Duration.ofSeconds(5));
        assertEquals("jira:ACCESS-7", jira.provision(context));
        server.verify(postRequestedFor(urlEqualTo("/rest/api/2/issue"))
                .withHeader("Authorization", equalTo("Basic " + java.util.Base64.getEncoder().encodeToString("bot@example.com:api-token".getBytes())))
                .withRequestBody(matchingJsonPath("$.fields.project.key", equalTo("ACCESS")))
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name", equalTo("Task")))
                .withRequestBody(matchingJsonPath("$.fields.labels[0]", equalTo("atrium-provision-" + requestId))));
    }

    @Test
    void jiraFindsTheIssueOfAnEarlierAttemptInsteadOfFilingASecond() throws Exception {
        server.stubFor(get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("jql", equalTo("labels = \"atrium-provision-" + requestId + "\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"issues\":[{\"key\":\"ACCESS-3\"}]}")));
        JiraTicketProvisioner jira = new JiraTicketProvisioner(url(), "ACCESS", "Task", null, "pat-token", Duration.ofSeconds(5));
        assertEquals("jira:ACCESS-3", jira.provision(context));
        assertEquals(0, server.findAll(postRequestedFor(urlEqualTo("/rest/api/2/issue"))).size());
        server.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
                .withHeader("Authorization", equalTo("Bearer pat-token")));
    }

    @Test
    void jiraRefusingTheIssueIsAnError() {
        server.stubFor(get(urlPathEqualTo("/rest/api/2/search")).willReturn(aResponse().withStatus(200).withBody("{\"issues\":[]}")));
        server.stubFor(post(urlEqualTo("/rest/api/2/issue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":{\"project\":\"project is required\"}}")));
        JiraTicketProvisioner jira = new JiraTicketProvisioner(url(), "NOPE", "Task", null, "t", Duration.ofSeconds(5));
        IOException e = assertThrows(IOException.class, () -> jira.provision(context));
        assertEquals("Jira refused the issue: HTTP 400", e.getMessage());
    }

    @Test
    void deprovisioningFilesItsOwnTicket() throws Exception {
        server.stubFor(post(urlEqualTo("/itsm")).withRequestBody(equalToJson("{\"idempotencyKey\":\"atrium-deprovision-" + requestId + "\"}", true, true))
                .willReturn(aResponse().withStatus(200).withBody("{\"ticketId\":\"CHG-43\"}")));
        ProvisioningContext removal = new ProvisioningContext(requestId, ProvisioningContext.DEPROVISION, context.team(), context.modelRef(),
                context.modelKind(), context.modelTitle(), context.coveredModels(), "alice", "x", 1, "open", "REVOKED");
        assertEquals("webhook:CHG-43", new WebhookTicketProvisioner(url() + "/itsm", null, Duration.ofSeconds(5)).deprovision(removal));
    }
}
