package dev.atrium.scaffolder.task;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A template runs as a durable task: steps in order, if/skip, secrets redacted, output rendered, events stored. */
@QuarkusTest
class TaskFlowTest extends ScaffolderTestSupport {

    @Test
    void templateRunsToCompletionWithOutputsEventsAndNoSecretsStored() {
        String ref = stubTemplate("simple.yaml", null);
        String id = scaffold(alice(), ref, Map.of("name", "cart", "token", "s3cr3t-value-123"));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals("Docs for cart", task.getString("output.links[0].title"));
        assertEquals("https://docs.example.com/cart", task.getString("output.links[0].url"));
        assertEquals("2 files", task.getString("output.text[0].content"));
        assertEquals(List.of("completed", "completed", "completed", "skipped", "completed"), task.getList("steps.status"));
        assertEquals("user:default/alice", task.getString("createdBy"));
        assertFalse(task.prettify().contains("s3cr3t-value-123"), "secret in task JSON");
        assertFalse(task.getMap("spec.parameters").containsKey("token"), "secret parameter kept out of the spec");

        List<Map<String, Object>> events = events(alice(), id);
        List<String> messages = messages(events);
        assertTrue(messages.contains("Starting up task with 5 steps"), messages.toString());
        assertTrue(messages.contains("Hello cart from alice"), messages.toString());
        assertTrue(messages.contains("The token is ***"), messages.toString());
        assertTrue(messages.contains("Skipping step skipped because its if condition was false"), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("src/cart.js")), messages.toString());
        assertEquals("completion", events.get(events.size() - 1).get("type"));

        assertEquals(0, count("SELECT count(*) FROM task_events WHERE body::text LIKE '%s3cr3t-value-123%'"));
        assertEquals(0, count("SELECT count(*) FROM tasks WHERE spec::text LIKE '%s3cr3t-value-123%'"));
        assertEquals(0, count("SELECT count(*) FROM task_secrets WHERE task_id = ?::uuid", id), "secrets deleted after completion");
        assertEquals(0, count("SELECT count(*) FROM task_workspaces WHERE task_id = ?::uuid", id), "workspace snapshot deleted");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'task.finished' AND payload->'attributes'->>'taskId' = ?", id));
        assertEquals("completed", text("SELECT payload->'attributes'->>'status' FROM outbox WHERE payload->'attributes'->>'taskId' = ?", id));
    }

    @Test
    void invalidParametersAre400WithFieldErrorsAndCreateNothing() {
        String ref = stubTemplate("simple.yaml", null);
        long before = tasksTotal();
        as(alice()).body(Map.of("templateRef", ref, "values", Map.of("name", "Not Valid!", "count", "x")))
                .post(API + "/tasks").then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("errors.field", hasItem("values.name"))
                .body("errors.field", hasItem("values.count"));
        as(alice()).body(Map.of("templateRef", ref, "values", Map.of()))
                .post(API + "/tasks").then().statusCode(400).body("errors.field", hasItem("values.name"));
        as(alice()).body(Map.of("templateRef", "component:default/x", "values", Map.of()))
                .post(API + "/tasks").then().statusCode(400);
        as(alice()).body("{\"templateRef\": ").post(API + "/tasks").then().statusCode(400);
        assertEquals(before, tasksTotal());
    }

    @Test
    void unknownTemplateIs404() {
        long before = tasksTotal();
        as(alice()).body(Map.of("templateRef", "template:default/does-not-exist", "values", Map.of()))
                .post(API + "/tasks").then().statusCode(404).body("error.name", equalTo("NotFoundError"));
        assertEquals(before, tasksTotal());
    }
}
