package dev.atrium.scaffolder.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code each:} runs a step once per item of a list or an object, with {@code each.key} and {@code each.value}, within a bound. */
@QuarkusTest
class EachTest extends ScaffolderTestSupport {

    @Test
    void aStepRunsOncePerListItemInOrder() {
        String ref = stub(TemplateBuilder.v1beta3("each-list")
                .step("greet", "debug:log", Map.of("message", "hello ${{ each.value }} (#${{ each.key }})"))
                .each("${{ parameters.names }}")
                .parameters(Map.of("names", Map.of("type", "array", "items", Map.of("type", "string"))), "names"));
        String id = scaffold(alice(), ref, Map.of("names", List.of("ada", "linus", "grace")));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        List<String> greetings = messages(id).stream().filter(m -> m.startsWith("hello ")).toList();
        assertEquals(List.of("hello ada (#0)", "hello linus (#1)", "hello grace (#2)"), greetings);
    }

    @Test
    void anObjectGivesItsKeysAndValues() {
        String ref = stub(TemplateBuilder.v3("each-object")
                .step("envs", "debug:log", Map.of("message", "${{ each.key }} runs ${{ each.value.replicas }} replicas"))
                .each(Map.of("staging", Map.of("replicas", 1), "production", Map.of("replicas", 3))));
        String id = scaffold(alice(), ref, Map.of());
        assertEquals("completed", awaitTask(alice(), id).getString("status"));
        List<String> messages = messages(id);
        assertTrue(messages.contains("staging runs 1 replicas"), messages.toString());
        assertTrue(messages.contains("production runs 3 replicas"), messages.toString());
    }

    @Test
    void anItemThatIsNeitherAListNorAnObjectFailsTheStepWithAClearMessage() {
        String ref = stub(TemplateBuilder.v1beta3("each-scalar")
                .step("bad", "debug:log", Map.of("message", "never")).each("${{ parameters.name }}")
                .parameters(Map.of("name", Map.of("type", "string")), "name"));
        String id = scaffold(alice(), ref, Map.of("name", "just-a-string"));
        JsonPath task = awaitTask(alice(), id, "failed");
        assertEquals("failed", task.getString("status"), task.prettify());
        List<String> messages = messages(id);
        assertTrue(messages.stream().anyMatch(m -> m.contains("each: of step bad must be a list or an object")), messages.toString());
        assertTrue(messages.stream().noneMatch(m -> m.equals("never")), "the step did not run");
    }

    @Test
    void moreItemsThanTheLimitFailTheStepBeforeAnyRuns() {
        String ref = stub(TemplateBuilder.v1beta3("each-bomb")
                .step("many", "debug:log", Map.of("message", "item ${{ each.value }}")).each(IntStream.range(0, 101).boxed().toList()));
        String id = scaffold(alice(), ref, Map.of());
        awaitTask(alice(), id, "failed");
        List<String> messages = messages(id);
        assertTrue(messages.stream().anyMatch(m -> m.contains("has 101 items, over the limit of 100")), messages.toString());
        assertTrue(messages.stream().noneMatch(m -> m.startsWith("item ")), "no item ran");
    }

    private static List<String> messages(String id) {
        return messages(events(alice(), id));
    }
}
