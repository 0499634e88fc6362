package dev.atrium.hub.create;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Template list, the form generated from the parameter schema, the task with its live log and output, the survey. */
@QuarkusTest
class CreatePagesTest {
    private static final String TASKS = Stubs.SCAFFOLDER + "/tasks";

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.catalog();
        DemoStubs.scaffolder();
    }

    static Map<String, String> validForm() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("p.name", "refunds-api");
        f.put("p.description", "Refunds for card payments");
        f.put("p.owner", "group:default/payments-team");
        f.put("p.system", "system:default/payments");
        f.put("p.javaVersion", "25");
        f.put("p.repoUrl.host", "git.atrium.example");
        f.put("p.repoUrl.owner", "payments");
        f.put("p.repoUrl.repo", "refunds-api");
        f.put("p.database", "true");
        f.put("p.replicas", "3");
        return f;
    }

    @Test
    void templateListShowsTemplatesWithTagsAndOwner() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.get("/create");

        assertEquals(200, page.status(), page::html);
        assertEquals(3, page.doc().select("#template-list > li").size());
        var quarkus = page.byId("template-quarkus-service");
        assertTrue(quarkus.text().contains("Owned by platform-team"));
        assertTrue(quarkus.select(".tag").text().contains("recommended"));
        assertEquals("/create/default/quarkus-service", page.byId("choose-quarkus-service").attr("href"));
        assertTrue(page.byId("recent-tasks").text().contains("quarkus-service"));
    }

    @Test
    void formIsGeneratedFromTheParameterSchema() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.get("/create/default/quarkus-service");

        assertEquals(200, page.status(), page::html);
        assertEquals(2, page.doc().select("#template-form fieldset.card").size(), "one fieldset per parameter page");
        assertTrue(page.byId("param-name").hasAttr("required"));
        assertEquals("Lower-case, dash-separated; becomes the repository and catalog name.", page.byId("param-name-hint").text());
        assertEquals("param-name-hint", page.byId("param-name").attr("aria-describedby"));
        assertEquals("200", page.byId("param-description").attr("maxlength"));
        var owner = page.byId("param-owner");
        assertEquals("select", owner.tagName(), "OwnerPicker lists the catalog's groups");
        assertEquals(5, owner.select("option[value^=group:default/]").size());
        var system = page.byId("param-system");
        assertEquals(2, system.select("option[value^=system:default/]").size(), "EntityPicker with its catalogFilter");
        assertEquals("21", page.byId("param-javaVersion").select("option[selected]").attr("value"), "enum with its default");
        assertTrue(page.byId("param-database").hasAttr("checked"), "boolean default");
        assertEquals("2", page.byId("param-replicas").attr("value"));
        assertEquals("1", page.byId("param-replicas").attr("min"));
        assertEquals("git.atrium.example", page.byId("param-repoUrl-host").select("option").attr("value"), "RepoUrlPicker allowed hosts");
        page.doc().select("#template-form input:not([type=hidden]), #template-form select, #template-form textarea").forEach(i ->
                assertTrue(!page.doc().select("label[for=" + i.id() + "]").isEmpty(), "label for " + i.id()));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.CATALOG + "/entities/by-query")).withQueryParam("filter", equalTo("kind=group")));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.SCAFFOLDER + "/templates/default/template/quarkus-service/parameter-schema"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
    }

    @Test
    void validFormStartsATaskWithTypedValuesAndGoesToIt() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var started = alice.post("/create/default/quarkus-service", validForm());

        assertEquals(303, started.status(), started::html);
        assertTrue(started.header("Location").endsWith("/create/tasks/" + DemoStubs.TASK_ID));
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(TASKS))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken()))
                .withRequestBody(equalToJson("""
                        {"templateRef":"template:default/quarkus-service","values":{"name":"refunds-api","description":"Refunds for card payments",
                         "owner":"group:default/payments-team","system":"system:default/payments","javaVersion":"25",
                         "repoUrl":"git.atrium.example?owner=payments&repo=refunds-api","database":true,"replicas":3}}""")));
    }

    @Test
    void invalidValuesAre400AtTheirFieldsAndNoTaskIsCreated() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");
        Map<String, String> form = validForm();
        form.put("p.name", "Refunds API");
        form.put("p.description", "");
        form.put("p.owner", "group:default/not-a-team");
        form.put("p.javaVersion", "17");
        form.put("p.replicas", "11");
        form.put("p.repoUrl.host", "github.com");
        form.remove("p.database");
        Stubs.server().resetRequests();

        var page = alice.post("/create/default/quarkus-service", form);

        assertEquals(400, page.status());
        assertTrue(page.byId("param-name-error").text().contains("expected form"), "pattern");
        assertEquals("This is required.", page.byId("param-description-error").text());
        assertEquals("Choose from the list.", page.byId("param-owner-error").text(), "a picker only takes catalog entities");
        assertEquals("Choose from the list.", page.byId("param-javaVersion-error").text(), "enum");
        assertEquals("Enter 10 or less.", page.byId("param-replicas-error").text(), "maximum");
        assertTrue(page.byId("param-repoUrl-error").text().contains("allowed hosts"));
        assertEquals("Refunds API", page.byId("param-name").attr("value"), "what was typed stays");
        assertTrue(!page.byId("param-database").hasAttr("checked"), "an unchecked box stays unchecked");
        assertTrue(Stubs.requests(TASKS).isEmpty(), "no task");
    }

    @Test
    void scaffolderFieldErrorsAreShownAtTheFields() {
        Stubs.server().stubFor(post(urlPathEqualTo(TASKS)).atPriority(1).willReturn(Stubs.json(400, """
                {"status":400,"detail":"Invalid parameters","errors":[{"path":"/name","property":"instance.name","message":"name refunds-api is taken"}]}""")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.post("/create/default/quarkus-service", validForm());

        assertEquals(400, page.status());
        assertEquals("name refunds-api is taken", page.byId("param-name-error").text());
    }

    @Test
    void taskPageShowsStepsLogAndOutputLinksAndTheSurvey() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.get("/create/tasks/" + DemoStubs.TASK_ID);

        assertEquals(200, page.status(), page::html);
        assertEquals("completed", page.byId("task-status").attr("data-status"));
        assertEquals(8, page.byId("task-log").select("li").size());
        assertTrue(page.byId("task-log").text().contains("Rendered 23 files"));
        assertEquals("completed", page.byId("task-steps").select("[data-step=publish]").text());
        assertEquals("https://git.atrium.example/payments/refunds-api", page.byId("task-links").select("a:contains(Repository)").attr("href"));
        assertEquals("/catalog/component/default/refunds-api", page.byId("task-links").select("a:contains(Open in catalog)").attr("href"));
        assertTrue(page.has("#survey-form input[name=expected][value=yes]"));
        assertTrue(page.has("label[for=survey-improvement]"));
        assertTrue(page.doc().select("#task-live").isEmpty(), "a finished task needs no live log");
        // output texts are Markdown, as in Backstage: code, bold and emphasis render, markup stays text
        var text = page.doc().select("#task-outcome .output-text");
        assertEquals("Next steps", text.select("h3").text());
        assertEquals("npm test", text.select("code").text());
        assertEquals("r-1", text.select("strong").text());
        assertEquals("APPROVED", text.select("em").text());
        assertTrue(text.select("script").isEmpty(), "no script element from a template's text");
        assertTrue(text.text().contains("<script>alert(1)</script>"), "shown as text: " + text.text());
    }

    @Test
    void runningTaskFollowsTheLiveLog() {
        Stubs.server().stubFor(get(urlPathEqualTo(TASKS + "/" + DemoStubs.TASK_ID)).atPriority(1).willReturn(Stubs.json(200, DemoStubs.task("processing"))));
        Stubs.server().stubFor(get(urlPathEqualTo(TASKS + "/" + DemoStubs.TASK_ID + "/events")).atPriority(1).willReturn(Stubs.json(200, DemoStubs.events(false))));
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.get("/create/tasks/" + DemoStubs.TASK_ID);

        assertEquals("processing", page.byId("task-status").attr("data-status"));
        assertEquals("/create/tasks/" + DemoStubs.TASK_ID + "/events?after=5", page.byId("task-live").attr("sse-connect"));
        assertTrue(page.html().contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"), "reloads without JavaScript");
    }

    @Test
    void liveLogStreamsLogLinesAndTheOutcomeAsHtmlEvents() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var r = alice.raw().header("Accept", "text/event-stream").get("/create/tasks/" + DemoStubs.TASK_ID + "/events?after=5");

        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
        String body = r.body().asString();
        assertTrue(body.contains("event:log") || body.contains("event: log"), body);
        assertTrue(body.contains("Finished step Register in the catalog"), body);
        assertTrue(body.contains("<li class=\"step\""), body);
        assertTrue(body.contains("event:done") || body.contains("event: done"), body);
        assertTrue(body.contains("id=\"task-outcome\""), body);
        assertTrue(body.contains("https://git.atrium.example/payments/refunds-api"), body);
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(TASKS + "/" + DemoStubs.TASK_ID + "/eventstream"))
                .withQueryParam("after", equalTo("5"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
    }

    @Test
    void liveLogRejectsMalformedAfter() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");
        assertEquals(400, alice.raw().get("/create/tasks/" + DemoStubs.TASK_ID + "/events?after=x").statusCode());
    }

    @Test
    void surveyAnswerIsSentToTheScaffolderWithTheUsersToken() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.post("/create/tasks/" + DemoStubs.TASK_ID + "/survey", Map.of("expected", "no", "improvement", "Let me pick Java 25"));

        assertEquals(200, page.status(), page::html);
        assertTrue(page.has("#survey-thanks"));
        Stubs.server().verify(1, postRequestedFor(urlPathEqualTo(TASKS + "/" + DemoStubs.TASK_ID + "/survey"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken()))
                .withRequestBody(equalToJson("{\"expected\":false,\"improvement\":\"Let me pick Java 25\"}")));
    }

    @Test
    void surveyBadInputIs400AndNothingIsSent() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");
        Stubs.server().resetRequests();

        var missing = alice.post("/create/tasks/" + DemoStubs.TASK_ID + "/survey", Map.of("improvement", "x"));
        assertEquals(400, missing.status());
        assertTrue(missing.has("#survey-error"));
        assertEquals(400, alice.post("/create/tasks/" + DemoStubs.TASK_ID + "/survey", Map.of("expected", "yes", "improvement", "x".repeat(2001))).status());
        assertEquals(400, alice.post("/create/tasks/bad%20id/survey", Map.of("expected", "yes")).status());
        assertTrue(Stubs.requests(TASKS + "/.*/survey").isEmpty());
    }

    @Test
    void surveyOfAnotherUsersTaskIsRefusedByTheScaffolder() {
        Stubs.server().stubFor(post(urlPathEqualTo(TASKS + "/" + DemoStubs.TASK_ID + "/survey")).atPriority(1)
                .willReturn(Stubs.problem(403, "NotAllowedError", "Only the person who ran the task answers its survey")));
        HubSession bob = HubSession.login(TestUser.BOB, "/create");

        var page = bob.post("/create/tasks/" + DemoStubs.TASK_ID + "/survey", Map.of("expected", "yes"));

        assertEquals(403, page.status());
        assertTrue(page.byId("survey-error").text().contains("Only the person who ran the task"));
    }

    @Test
    void scaffolderDownGivesErrorStates() {
        Stubs.reset();
        DemoStubs.catalog();
        Stubs.down(Stubs.SCAFFOLDER);
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var list = alice.get("/create");
        assertEquals(200, list.status(), "templates come from the catalog");
        assertTrue(list.has("#recent-unavailable"));
        var form = alice.get("/create/default/quarkus-service");
        assertEquals(503, form.status());
        assertTrue(form.has("#create-unavailable"));
        assertEquals(503, alice.get("/create/tasks/" + DemoStubs.TASK_ID).status());
    }

    @Test
    void unknownTemplateIs404() {
        Stubs.server().stubFor(get(urlPathEqualTo(Stubs.SCAFFOLDER + "/templates/default/template/nope/parameter-schema"))
                .willReturn(aResponse().withStatus(404)));
        HubSession alice = HubSession.login(TestUser.ALICE, "/create");

        var page = alice.get("/create/default/nope");

        assertEquals(404, page.status());
        assertTrue(page.has("#create-not-found"));
    }
}
