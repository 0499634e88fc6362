package dev.atrium.scaffolder.task;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.testing.TestTokens;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two-question survey: only once a task has completed, only by the user who ran it, only once;
 * bad answers are a 400 that stores nothing. An answer goes to metrics-service through the outbox.
 */
@QuarkusTest
class SurveyTest extends ScaffolderTestSupport {

    @Test
    void theCreatorAnswersOnceAfterCompletion() {
        String ref = stub(TemplateBuilder.v1beta3("survey").owner("payments-team")
                .step("wait", "debug:wait", Map.of("milliseconds", 1500)));
        String id = scaffold(alice(), ref, Map.of());

        as(alice()).body(Map.of("expected", true)).post(API + "/tasks/" + id + "/survey").then().statusCode(409)
                .body("error.message", containsString("opens when the task has completed"));
        assertEquals(0, surveys(id));

        awaitTask(alice(), id, "completed");
        // others who may see the task (the template's owner team, an admin) may not answer for the user
        as(TestTokens.user("erin", "payments-team")).body(Map.of("expected", true)).post(API + "/tasks/" + id + "/survey")
                .then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        as(admin()).body(Map.of("expected", true)).post(API + "/tasks/" + id + "/survey").then().statusCode(403);
        as(bob()).body(Map.of("expected", true)).post(API + "/tasks/" + id + "/survey").then().statusCode(403);
        assertEquals(0, surveys(id));

        as(alice()).body(Map.of("expected", false, "improvement", "  Ask for the database size up front.  "))
                .post(API + "/tasks/" + id + "/survey").then().statusCode(201).body("status", equalTo("recorded"));
        assertEquals(1, surveys(id));
        assertEquals("Ask for the database size up front.", text("SELECT improvement FROM task_surveys WHERE task_id = ?::uuid", id));
        assertEquals("false", text("SELECT expected::text FROM task_surveys WHERE task_id = ?::uuid", id));
        as(alice()).get(API + "/tasks/" + id).then().statusCode(200).body("surveyAnswered", equalTo(true));

        String event = "SELECT payload->'attributes'->>%s FROM outbox WHERE type = 'survey.answered' AND payload->'attributes'->>'taskId' = ?";
        assertEquals("template", text(event.formatted("'survey'"), id));
        assertEquals(ref, text(event.formatted("'template'"), id));
        assertEquals("group:default/payments-team", text(event.formatted("'templateOwner'"), id));
        assertEquals("false", text(event.formatted("'expected'"), id));
        assertEquals("Ask for the database size up front.", text(event.formatted("'improvement'"), id));
        assertTrue(text(event.formatted("'taskUrl'"), id).endsWith("/create/tasks/" + id));
        assertEquals("alice", text("SELECT payload->>'actor' FROM outbox WHERE type = 'survey.answered' AND payload->'attributes'->>'taskId' = ?", id));

        as(alice()).body(Map.of("expected", true)).post(API + "/tasks/" + id + "/survey").then().statusCode(409)
                .body("error.message", containsString("already been answered"));
        assertEquals(1, surveys(id));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'survey.answered' AND payload->'attributes'->>'taskId' = ?", id));
    }

    @Test
    void badAnswersAre400AndStoreNothing() {
        String id = scaffold(alice(), stub(TemplateBuilder.v1beta3("survey-bad").step("log", "debug:log", Map.of("message", "hi"))), Map.of());
        awaitTask(alice(), id, "completed");
        as(alice()).body(Map.of("improvement", "no answer to the first question")).post(API + "/tasks/" + id + "/survey").then()
                .statusCode(400).body("error.name", equalTo("InputError")).body("errors.field", hasItem("expected"));
        as(alice()).body("{\"expected\": \"maybe\"}").post(API + "/tasks/" + id + "/survey").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        as(alice()).body(Map.of("expected", true, "improvement", "x".repeat(2001))).post(API + "/tasks/" + id + "/survey").then()
                .statusCode(400).body("errors.field", hasItem("improvement"));
        as(alice()).body("[true]").post(API + "/tasks/" + id + "/survey").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        as(alice()).body("{\"expected\": tru").post(API + "/tasks/" + id + "/survey").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        assertEquals(0, surveys(id));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE type = 'survey.answered' AND payload->'attributes'->>'taskId' = ?", id));
    }

    @Test
    void failedTasksAndUnknownTasksHaveNoSurvey() {
        String failed = scaffold(alice(), stubTemplate("failing.yaml", null), Map.of());
        awaitTask(alice(), failed, "failed");
        as(alice()).body(Map.of("expected", true)).post(API + "/tasks/" + failed + "/survey").then().statusCode(409);
        as(alice()).body(Map.of("expected", true)).post(API + "/tasks/" + UUID.randomUUID() + "/survey").then().statusCode(404);
        as(alice()).body(Map.of("expected", true)).post(API + "/tasks/not-a-uuid/survey").then().statusCode(404);
        assertEquals(0, surveys(failed));
    }

    private long surveys(String id) {
        return count("SELECT count(*) FROM task_surveys WHERE task_id = ?::uuid", id);
    }
}
