package dev.atrium.scaffolder.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.atrium.commons.testing.TestTokens;
import dev.atrium.scaffolder.config.ScaffolderConfig;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Gates make a task wait durably without holding a worker: gate:approval until a member of the
 * approver group decides through the REST API (or the timeout passes), gate:wait-for until a URL
 * answers as expected. A waiting task survives its worker going away.
 */
@QuarkusTest
class GateTest extends ScaffolderTestSupport {
    static final String APPROVERS = "group:default/platform-team";

    @Inject
    TaskWorker worker;

    @Inject
    TaskRepository tasks;

    @Inject
    TaskRunner runner;

    @Inject
    ScaffolderConfig config;

    static TemplateBuilder approval(String timeout) {
        Map<String, Object> gate = new java.util.LinkedHashMap<>(Map.of("approvers", APPROVERS, "reason", "Production database for ${{ parameters.name }}"));
        if (timeout != null) {
            gate.put("timeout", timeout);
        }
        return TemplateBuilder.v1beta3("approval")
                .parameters(Map.of("name", Map.of("type", "string")), "name")
                .step("prepare", "debug:log", Map.of("message", "preparing ${{ parameters.name }}"))
                .step("gate", "gate:approval", gate)
                .step("provision", "debug:log", Map.of("message", "approved by ${{ steps.gate.output.decidedBy }}"))
                .output(Map.of("text", List.of(Map.of("title", "Approval", "content", "${{ steps.gate.output.comment }}"))));
    }

    @Test
    void approvalByTheNamedGroupSurvivesARestartAndIsPickedUpByAnotherWorker() {
        String id = scaffold(alice(), stub(approval("PT1H")), Map.of("name", "orders-db"));
        JsonPath waiting = awaitStep(alice(), id, "gate", "waiting");
        assertEquals(APPROVERS, waiting.getString("steps.find { it.id == 'gate' }.gate.approvers"));
        assertEquals("Production database for orders-db", waiting.getString("steps.find { it.id == 'gate' }.gate.reason"));
        assertEquals("open", waiting.getString("steps.find { it.id == 'provision' }.status"));
        awaitReleased(id);

        // the requester is not an approver: refused, nothing recorded
        as(alice()).body(Map.of("comment", "self-approval")).post(API + "/tasks/" + id + "/steps/gate/approve").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError")).body("error.message", containsString(APPROVERS));
        assertNull(text("SELECT gate->>'decision' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'gate'", id));

        worker.stop(true);
        TaskWorker second = null;
        try {
            String erin = TestTokens.user("erin", "platform-team");
            as(erin).get(API + "/tasks/" + id).then().statusCode(200); // an approver sees what they are asked to approve
            as(TestTokens.user("carol", "ml-platform-team")).get(API + "/tasks/" + id).then().statusCode(403);
            as(erin).body(Map.of("comment", "ok for prod")).post(API + "/tasks/" + id + "/steps/gate/approve").then().statusCode(200)
                    .body("status", equalTo("approved"));
            assertEquals("erin", text("SELECT gate->'decision'->>'by' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'gate'", id));
            sleep(1500);
            assertEquals("waiting", text("SELECT status FROM task_steps WHERE task_id = ?::uuid AND step_id = 'gate'", id),
                    "with no worker running, nothing moves");

            second = new TaskWorker();
            second.tasks = tasks;
            second.runner = runner;
            second.config = config;
            second.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!"completed".equals(text("SELECT status FROM tasks WHERE id = ?::uuid", id))) {
                assertTrue(System.currentTimeMillis() < deadline, "the second worker never finished the task");
                second.poll();
                second.heartbeat();
                sleep(100);
            }
            String secondId = second.workerId();
            assertEquals(1, count("SELECT count(*) FROM task_events WHERE task_id = ?::uuid AND type = 'log' "
                    + "AND body->>'message' = 'Approved by erin: ok for prod'", id));
            assertTrue(secondId != null && !secondId.isBlank());
        } finally {
            if (second != null) {
                second.stop(true);
            }
            worker.start();
        }
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals(List.of("completed", "completed", "completed"), task.getList("steps.status"));
        assertEquals("ok for prod", task.getString("output.text[0].content"));
        assertEquals("true", text("SELECT output->>'approved' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'gate'", id));
        assertEquals(1, count("SELECT count(*) FROM task_events WHERE task_id = ?::uuid AND body->>'message' = 'approved by erin'", id));

        // decided once: a second decision is a conflict
        as(admin()).body("{}").post(API + "/tasks/" + id + "/steps/gate/reject").then().statusCode(409);
    }

    @Test
    void rejectionFailsTheTaskWithTheApproversReason() {
        String id = scaffold(alice(), stub(approval(null)), Map.of("name", "rejected-db"));
        JsonPath waiting = awaitStep(alice(), id, "gate", "waiting");
        String deadline = waiting.getString("steps.find { it.id == 'gate' }.gate.deadline");
        assertTrue(java.time.Instant.parse(deadline).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(6))),
                "default timeout is seven days: " + deadline);
        as(admin()).body(Map.of("comment", "use the shared cluster")).post(API + "/tasks/" + id + "/steps/gate/reject").then().statusCode(200)
                .body("status", equalTo("rejected"));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("failed", task.getString("status"));
        assertEquals("Step gate failed: Rejected by pat: use the shared cluster", task.getString("error"));
        assertEquals(List.of("completed", "failed", "open"), task.getList("steps.status"));
    }

    @Test
    void approvalTimesOut() {
        String id = scaffold(alice(), stub(approval("PT1S")), Map.of("name", "late-db"));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("failed", task.getString("status"));
        assertTrue(task.getString("error").contains("the approval timed out"), task.getString("error"));
    }

    @Test
    void decisionsOnTheWrongStepOrTaskAreRefusedAndChangeNothing() {
        String id = scaffold(alice(), stub(approval("PT1H")), Map.of("name", "wrong-step"));
        awaitStep(alice(), id, "gate", "waiting");
        as(admin()).body("{}").post(API + "/tasks/" + id + "/steps/prepare/approve").then().statusCode(400)
                .body("error.message", containsString("not a gate:approval step"));
        as(admin()).body("{}").post(API + "/tasks/" + id + "/steps/nope/approve").then().statusCode(404);
        as(admin()).body("{}").post(API + "/tasks/" + UUID.randomUUID() + "/steps/gate/approve").then().statusCode(404);
        as(admin()).body(Map.of("comment", "x".repeat(2001))).post(API + "/tasks/" + id + "/steps/gate/approve").then().statusCode(413);
        assertNull(text("SELECT gate->>'decision' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'gate'", id));
        as(alice()).post(API + "/tasks/" + id + "/cancel").then().statusCode(200);
        awaitTask(alice(), id, "cancelled");
        as(admin()).body("{}").post(API + "/tasks/" + id + "/steps/gate/approve").then().statusCode(409);
    }

    @Test
    void waitForPollsAUrlUntilTheConditionHolds() {
        String path = "/gate-stub/pulls/" + UUID.randomUUID();
        String scenario = "pr-" + path;
        wiremock.stubFor(get(urlPathEqualTo("/auth" + path)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"state\":\"open\"}")).willSetStateTo("second"));
        wiremock.stubFor(get(urlPathEqualTo("/auth" + path)).inScenario(scenario).whenScenarioStateIs("second")
                .willReturn(json("{\"state\":\"open\"}")).willSetStateTo("merged"));
        wiremock.stubFor(get(urlPathEqualTo("/auth" + path)).inScenario(scenario).whenScenarioStateIs("merged")
                .willReturn(json("{\"state\":\"merged\",\"merged\":true}")));
        String id = scaffold(alice(), stub(waitFor(url(path), "PT30S")), Map.of());
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals("3", text("SELECT output->>'polls' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'merged'", id));
        assertEquals("200", text("SELECT output->>'status' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'merged'", id));
        wiremock.verify(3, getRequestedFor(urlPathEqualTo("/auth" + path)));
    }

    @Test
    void waitForFailsAfterItsTimeout() {
        String path = "/gate-stub/pulls/" + UUID.randomUUID();
        wiremock.stubFor(get(urlPathEqualTo("/auth" + path)).willReturn(json("{\"state\":\"open\"}")));
        String id = scaffold(alice(), stub(waitFor(url(path), "PT1S")), Map.of());
        JsonPath task = awaitTask(alice(), id);
        assertEquals("failed", task.getString("status"));
        assertTrue(task.getString("error").contains("not met before"), task.getString("error"));
        assertTrue(task.getString("error").contains("last status 200"), task.getString("error"));
    }

    @Test
    void waitForRefusesPrivateAddressesThatAreNotAllowListed() {
        for (String url : List.of("http://10.20.30.40/ready", "http://169.254.169.254/latest/meta-data/")) {
            String id = scaffold(alice(), stub(waitFor(url, "PT5S")), Map.of());
            JsonPath task = awaitTask(alice(), id);
            assertEquals("failed", task.getString("status"));
            assertTrue(task.getString("error").contains("may not poll private or loopback address"), task.getString("error"));
        }
    }

    /** A task parked at a gate holds no worker (it is released right after the gate step is recorded). */
    private void awaitReleased(String id) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (text("SELECT claimed_by FROM tasks WHERE id = ?::uuid", id) != null) {
            assertTrue(System.currentTimeMillis() < deadline, "the waiting task still holds its worker");
            sleep(50);
        }
        assertEquals("processing", text("SELECT status FROM tasks WHERE id = ?::uuid", id));
    }

    private static TemplateBuilder waitFor(String url, String timeout) {
        return TemplateBuilder.v1beta3("wait-for")
                .step("merged", "gate:wait-for", Map.of("url", url, "jsonPointer", "/state", "equals", "merged",
                        "interval", "PT0.2S", "timeout", timeout));
    }

    private static String url(String path) {
        return ConfigProvider.getConfig().getValue("keycloak.url", String.class) + path;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
