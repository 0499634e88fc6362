package dev.atrium.hub.access;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request form, my requests and their timeline, the key shown once, approvals inbox, usage against budget. */
@QuarkusTest
class AccessPagesTest {
    private static final String CREATE = Stubs.ACCESS + "/requests";

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.catalog();
        DemoStubs.access();
    }

    @Test
    void overviewListsMyRequestsKeysAndUsageAgainstBudget() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var page = alice.get("/access");

        assertEquals(200, page.status(), page::html);
        var active = page.byId("request-" + DemoStubs.REQUEST_ID);
        assertEquals("ACTIVE", active.select("[data-state]").attr("data-state"));
        assertTrue(active.text().contains("Get your key"), "a key not yet shown");
        assertEquals("PENDING_APPROVAL", page.byId("request-" + DemoStubs.PENDING_ID).select("[data-state]").attr("data-state"));
        var chart = page.byId("budget-chart");
        assertEquals(2, chart.select("rect.bar-budget").size(), "each key's budget outline");
        assertTrue(chart.text().contains("3.1M of 5M"));
        assertEquals("1", page.byId("approvals-count").text());
    }

    @Test
    void requestFormIsPrefilledWithTheModelAndTheUsersTeam() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var page = alice.get("/access/request?model=aimodel:default/code-llm");

        assertEquals(200, page.status());
        assertEquals("aimodel:default/code-llm", page.byId("request-model").attr("value"));
        assertEquals("Code LLM", page.byId("request-model-name").select("a").text());
        assertEquals("payments-team", page.byId("request-team").select("option[selected]").attr("value"));
        assertEquals(1, page.byId("request-team").select("option").size(), "only the user's own teams");
        assertTrue(page.has("label[for=request-useCase]"));
        assertTrue(page.has("label[for=request-tokens]"));
    }

    @Test
    void sendingTheFormCreatesTheRequestWithTheUsersTokenAndShowsIt() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var sent = alice.post("/access/requests", Map.of("model", "aimodel:default/code-llm", "team", "payments-team",
                "useCase", "Summaries of payment disputes", "tokens", "2,000,000"));

        assertEquals(303, sent.status());
        assertEquals("/access/requests/" + DemoStubs.REQUEST_ID + "?notice=created", java.net.URI.create(sent.header("Location")).getPath()
                + "?" + java.net.URI.create(sent.header("Location")).getQuery());
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(CREATE))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken()))
                .withRequestBody(equalToJson("{\"modelRef\":\"aimodel:default/code-llm\",\"team\":\"payments-team\","
                        + "\"useCase\":\"Summaries of payment disputes\",\"expectedMonthlyTokens\":2000000}")));
        var shown = alice.get("/access/requests/" + DemoStubs.REQUEST_ID + "?notice=created");
        assertEquals("Request sent. You can follow it here.", shown.byId("notice").text());
        var timeline = shown.byId("request-timeline");
        assertEquals(4, timeline.select("li").size(), "requested, approved, being set up, active");
        assertTrue(timeline.text().contains("standard tier, under the monthly limit"));
        assertTrue(shown.has("#reveal-key"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no use case | aimodel:default/code-llm | payments-team | '' | 1000 | useCase",
        "tokens not a number | aimodel:default/code-llm | payments-team | Summaries | lots | tokens",
        "tokens zero | aimodel:default/code-llm | payments-team | Summaries | 0 | tokens",
        "tokens too many | aimodel:default/code-llm | payments-team | Summaries | 99999999999 | tokens",
        "not a model | component:default/payments-api | payments-team | Summaries | 1000 | model",
        "malformed model | '<script>' | payments-team | Summaries | 1000 | model",
        "no team | aimodel:default/code-llm | '' | Summaries | 1000 | team"
    })
    void badInputIs400WithTheErrorAtTheFieldAndNothingSent(String why, String model, String team, String useCase, String tokens, String field) {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");
        Stubs.server().resetRequests();

        var page = alice.post("/access/requests", Map.of("model", model, "team", team, "useCase", useCase, "tokens", tokens));

        assertEquals(400, page.status(), why);
        assertTrue(page.has("#request-" + field + "-error"), () -> why + ": " + page.byId("request-errors").text());
        assertTrue(Stubs.requests(CREATE).stream().noneMatch(r -> r.getMethod().getName().equals("POST")), "nothing sent");
    }

    @Test
    void useCaseOverTheLimitIs400() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");
        Stubs.server().resetRequests();

        var page = alice.post("/access/requests", Map.of("model", "aimodel:default/code-llm", "team", "payments-team",
                "useCase", "x".repeat(2001), "tokens", "1000"));

        assertEquals(400, page.status());
        assertTrue(page.byId("request-useCase-error").text().contains("2000"));
        assertTrue(Stubs.requests(CREATE).isEmpty());
    }

    @Test
    void aTeamTheUserIsNotInIs403AndNothingSent() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");
        Stubs.server().resetRequests();

        var page = alice.post("/access/requests", Map.of("model", "aimodel:default/code-llm", "team", "checkout-team",
                "useCase", "Summaries", "tokens", "1000"));

        assertEquals(403, page.status());
        assertTrue(page.byId("request-team-error").text().contains("team you are in"));
        assertTrue(Stubs.requests(CREATE).isEmpty());
    }

    @Test
    void refusalsOfTheAccessServiceAreShownWithTheirStatus() {
        Stubs.server().stubFor(post(urlPathEqualTo(CREATE)).atPriority(1)
                .willReturn(Stubs.problem(409, "ConflictError", "payments-team already has an active request for aimodel:default/code-llm")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var page = alice.post("/access/requests", Map.of("model", "aimodel:default/code-llm", "team", "payments-team",
                "useCase", "Summaries", "tokens", "1000"));

        assertEquals(409, page.status());
        assertTrue(page.byId("request-errors").text().contains("already has an active request"));
        assertEquals("Summaries", page.byId("request-useCase").text(), "what was typed stays");
    }

    @Test
    void fieldErrorsOfTheAccessServiceAreShownAtTheirFields() {
        Stubs.server().stubFor(post(urlPathEqualTo(CREATE)).atPriority(1).willReturn(Stubs.json(400, """
                {"status":400,"detail":"Invalid access request","errors":[{"field":"expectedMonthlyTokens","message":"must be between 1 and 50000000"}]}""")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var page = alice.post("/access/requests", Map.of("model", "aimodel:default/code-llm", "team", "payments-team",
                "useCase", "Summaries", "tokens", "90000000"));

        assertEquals(400, page.status());
        assertEquals("must be between 1 and 50000000", page.byId("request-tokens-error").text());
    }

    @Test
    void theKeyIsShownOnceWithACopyButtonAndNotCached() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var page = alice.post("/access/requests/" + DemoStubs.REQUEST_ID + "/key", Map.of());

        assertEquals(200, page.status(), page::html);
        assertEquals(DemoStubs.API_KEY, page.byId("api-key").attr("value"));
        assertTrue(page.byId("api-key").hasAttr("readonly"));
        assertEquals("api-key", page.byId("copy-key").attr("data-copy-target"));
        assertEquals("no-store", page.header("Cache-Control"));
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(Stubs.ACCESS + "/requests/" + DemoStubs.REQUEST_ID + "/key"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
        assertFalse(alice.get("/access/requests/" + DemoStubs.REQUEST_ID).html().contains(DemoStubs.API_KEY), "never shown again by the hub");
    }

    @Test
    void aKeyAlreadyShownCannotBeShownAgain() {
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.ACCESS + "/requests/" + DemoStubs.REQUEST_ID + "/key")).atPriority(1)
                .willReturn(Stubs.problem(409, "ConflictError", "The key was already shown")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var page = alice.post("/access/requests/" + DemoStubs.REQUEST_ID + "/key", Map.of());

        assertEquals(409, page.status());
        assertTrue(page.byId("key-unavailable").text().contains("already shown"));
    }

    @Test
    void malformedRequestIdIs400AndUnknownIs404() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");
        Stubs.server().resetRequests();

        assertEquals(400, alice.get("/access/requests/not-a-uuid").status());
        assertEquals(400, alice.post("/access/requests/not-a-uuid/key", Map.of()).status());
        assertTrue(Stubs.requests(Stubs.ACCESS + "/.*").isEmpty());
        assertEquals(404, alice.get("/access/requests/00000000-0000-0000-0000-000000000000").status());
    }

    @Test
    void approvalsInboxApprovesAndRejectsWithAReason() {
        HubSession carol = HubSession.login(TestUser.CAROL, "/access");

        var inbox = carol.get("/access/approvals");
        assertEquals(200, inbox.status());
        assertTrue(inbox.byId("approval-" + DemoStubs.PENDING_ID).text().contains("Support ticket summarizer"));

        var approved = carol.post("/access/approvals/" + DemoStubs.PENDING_ID, Map.of("decision", "approve", "reason", ""));
        assertEquals(303, approved.status());
        assertTrue(approved.header("Location").endsWith("/access/approvals?notice=approved"));
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(Stubs.ACCESS + "/requests/" + DemoStubs.PENDING_ID + "/approve"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.CAROL.accessToken())));

        var rejected = carol.post("/access/approvals/" + DemoStubs.PENDING_ID, Map.of("decision", "reject", "reason", "Use chat-assistant"));
        assertEquals(303, rejected.status());
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(Stubs.ACCESS + "/requests/" + DemoStubs.PENDING_ID + "/reject"))
                .withRequestBody(equalToJson("{\"reason\":\"Use chat-assistant\"}")));
    }

    @Test
    void rejectingWithoutAReasonOrWithAnUnknownDecisionIs400AndNothingSent() {
        HubSession carol = HubSession.login(TestUser.CAROL, "/access");
        Stubs.server().resetRequests();

        var noReason = carol.post("/access/approvals/" + DemoStubs.PENDING_ID, Map.of("decision", "reject", "reason", " "));
        assertEquals(400, noReason.status());
        assertTrue(noReason.byId("reason-" + DemoStubs.PENDING_ID + "-error").text().contains("Say why"));
        assertEquals(400, carol.post("/access/approvals/" + DemoStubs.PENDING_ID, Map.of("decision", "maybe")).status());
        Map<String, String> longReason = new HashMap<>(Map.of("decision", "approve", "reason", "x".repeat(1001)));
        assertEquals(400, carol.post("/access/approvals/" + DemoStubs.PENDING_ID, longReason).status());
        assertTrue(Stubs.requests(Stubs.ACCESS + "/requests/.*/(approve|reject)").isEmpty());
    }

    @Test
    void anApprovalTheUserMayNotGiveIs403() {
        Stubs.server().stubFor(post(urlPathEqualTo(Stubs.ACCESS + "/requests/" + DemoStubs.PENDING_ID + "/approve")).atPriority(1)
                .willReturn(Stubs.problem(403, "NotAllowedError", "Only data-team or a platform admin may approve this")));
        HubSession bob = HubSession.login(TestUser.BOB, "/access");

        var page = bob.post("/access/approvals/" + DemoStubs.PENDING_ID, Map.of("decision", "approve"));

        assertEquals(403, page.status());
        assertTrue(page.html().contains("Only data-team or a platform admin may approve this"));
    }

    @Test
    void accessServiceDownGivesTheErrorStates() {
        Stubs.reset();
        DemoStubs.catalog();
        Stubs.down(Stubs.ACCESS);
        HubSession alice = HubSession.login(TestUser.ALICE, "/access");

        var overview = alice.get("/access");
        assertEquals(503, overview.status());
        assertTrue(overview.has("#requests-unavailable"));
        assertTrue(overview.has("#budget-unavailable"));
        assertEquals(503, alice.get("/access/approvals").status());
        assertEquals(503, alice.get("/access/requests/" + DemoStubs.REQUEST_ID).status());
    }
}
