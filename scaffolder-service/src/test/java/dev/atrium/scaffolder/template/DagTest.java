package dev.atrium.scaffolder.template;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scaffolder.backstage.io/v3 runs steps as a DAG: independent steps overlap in time, a step waits
 * for the steps it lists in dependsOn or whose output it references; a template whose steps form a
 * cycle, reference unknown steps or use unknown actions is refused when the task is created.
 */
@QuarkusTest
class DagTest extends ScaffolderTestSupport {

    @Test
    void independentStepsOverlapAndADependentStepWaitsForBoth() {
        String ref = stub(TemplateBuilder.v3("dag")
                .step("left", "debug:wait", Map.of("milliseconds", 1500))
                .step("right", "debug:wait", Map.of("milliseconds", 1500))
                .step("join", "debug:log", Map.of("message", "both done")).dependsOn("left", "right")
                .step("after", "fetch:template", Map.of("url", "bundled:hello-world", "values", Map.of("name", "${{ parameters.name }}"),
                        "targetPath", "${{ steps.join.output.nothing or 'out' }}"))
                .parameters(Map.of("name", Map.of("type", "string")), "name"));
        String id = scaffold(alice(), ref, Map.of("name", "dag-demo"));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());

        Instant[] left = times(id, "left");
        Instant[] right = times(id, "right");
        Instant[] join = times(id, "join");
        Instant[] after = times(id, "after");
        assertTrue(left[0].isBefore(right[1]) && right[0].isBefore(left[1]),
                "left " + List.of(left) + " and right " + List.of(right) + " overlap");
        assertFalse(join[0].isBefore(left[1]), "join starts after left ended");
        assertFalse(join[0].isBefore(right[1]), "join starts after right ended");
        assertFalse(after[0].isBefore(join[1]), "a step referencing join's output waits for it");
        assertEquals(List.of("join"), task.getList("spec.steps.find { it.id == 'after' }.dependsOn"));
    }

    @Test
    void v1beta3RunsStepsOneAfterAnother() {
        String ref = stub(TemplateBuilder.v1beta3("ordered")
                .step("first", "debug:wait", Map.of("milliseconds", 500))
                .step("second", "debug:wait", Map.of("milliseconds", 500)));
        String id = scaffold(alice(), ref, Map.of());
        assertEquals("completed", awaitTask(alice(), id).getString("status"));
        assertFalse(times(id, "second")[0].isBefore(times(id, "first")[1]));
    }

    @Test
    void cycleThroughDependsOnIsRefusedWhenTheTaskIsCreated() {
        refused(TemplateBuilder.v3("cycle")
                .step("a", "debug:log", Map.of("message", "a")).dependsOn("c")
                .step("b", "debug:log", Map.of("message", "b")).dependsOn("a")
                .step("c", "debug:log", Map.of("message", "c")).dependsOn("b"), "steps form a cycle");
    }

    @Test
    void cycleThroughOutputReferencesIsRefused() {
        refused(TemplateBuilder.v3("ref-cycle")
                .step("a", "debug:log", Map.of("message", "${{ steps.b.output.x }}"))
                .step("b", "debug:log", Map.of("message", "${{ steps['a'].output.x }}")), "steps form a cycle: ");
    }

    @Test
    void unknownStepReferenceIsRefused() {
        refused(TemplateBuilder.v3("unknown-ref")
                .step("a", "debug:log", Map.of("message", "${{ steps.nope.output.x }}")), "references unknown step 'nope'");
    }

    @Test
    void unknownDependsOnIsRefused() {
        refused(TemplateBuilder.v3("unknown-dep")
                .step("a", "debug:log", Map.of("message", "x")).dependsOn("ghost"), "depends on unknown step 'ghost'");
    }

    @Test
    void unknownActionIsRefused() {
        refused(TemplateBuilder.v3("unknown-action")
                .step("a", "deploy:everything", Map.of()), "uses unknown action 'deploy:everything'");
    }

    @Test
    void v1beta3ReferenceToALaterStepIsRefused() {
        refused(TemplateBuilder.v1beta3("forward-ref")
                .step("a", "debug:log", Map.of("message", "${{ steps.b.output.x }}"))
                .step("b", "debug:log", Map.of("message", "b")), "which runs after it");
    }

    private void refused(TemplateBuilder template, String problem) {
        String ref = stub(template);
        long before = tasksTotal();
        long steps = count("SELECT count(*) FROM task_steps");
        as(alice()).body(Map.of("templateRef", ref, "values", Map.of())).post(API + "/tasks").then().statusCode(422)
                .body("error.name", equalTo("UnprocessableError"))
                .body("error.message", containsString(problem))
                .body("errors.message", hasItem(containsString(problem)));
        // the same check guards dry runs of the template
        as(alice()).body(Map.of("template", template.entity(), "values", Map.of())).post(API + "/dry-run").then().statusCode(422)
                .body("error.message", containsString(problem));
        assertEquals(before, tasksTotal(), "no task stored");
        assertEquals(steps, count("SELECT count(*) FROM task_steps"), "no step stored");
    }

    private Instant[] times(String taskId, String stepId) {
        return new Instant[] {instant("started_at", taskId, stepId), instant("finished_at", taskId, stepId)};
    }

    private Instant instant(String column, String taskId, String stepId) {
        String text = text("SELECT to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM task_steps "
                + "WHERE task_id = ?::uuid AND step_id = ?", taskId, stepId);
        assertTrue(text != null, column + " of " + stepId + " is set");
        return Instant.parse(text);
    }
}
