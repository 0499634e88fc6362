package dev.atrium.scaffolder.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expression rendering, Backstage's filters and the sandbox, without a running service. */
class ExpressionEngineTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ExpressionEngine ENGINE = new ExpressionEngine(new SandboxLimits(10_000, 5, 100, Duration.ofSeconds(2)));

    static Map<String, Object> context() throws Exception {
        return ExpressionEngine.context(Map.of(
                "parameters", JSON.readTree("""
                        {"name":"Payments-Api","tags":["a","b"],"count":3,"repoUrl":"github.com?owner=acme&repo=web",
                         "owner":"group:default/payments-team","enabled":false,"blank":""}"""),
                "steps", JSON.readTree("{\"fetch\":{\"output\":{\"path\":\"/x\"}}}"),
                "user", JSON.readTree("{\"entity\":{\"metadata\":{\"name\":\"alice\"}},\"ref\":\"user:default/alice\"}")));
    }

    JsonNode render(String template) throws Exception {
        return ENGINE.renderValue(JSON.readTree(template), context());
    }

    @Test
    void singleExpressionKeepsItsType() throws Exception {
        assertEquals(JSON.readTree("[\"a\",\"b\"]"), render("\"${{ parameters.tags }}\""));
        assertEquals(3, render("\"${{ parameters.count }}\"").asInt());
        assertTrue(render("\"${{ parameters.count }}\"").isNumber());
        assertTrue(render("\"${{ parameters.enabled }}\"").isBoolean());
        assertEquals("/x", render("\"${{ steps.fetch.output.path }}\"").asText());
        assertEquals("alice", render("\"${{ user.entity.metadata.name }}\"").asText());
    }

    @Test
    void mixedStringsRenderToTextAndEmptyValuesAreDropped() throws Exception {
        assertEquals("svc-payments-api", render("\"svc-${{ parameters.name | lower }}\"").asText());
        JsonNode object = render("{\"a\":\"${{ parameters.blank }}\",\"b\":\"${{ parameters.missing }}\",\"c\":\"x\"}");
        assertEquals(JSON.readTree("{\"c\":\"x\"}"), object);
    }

    @Test
    void backstageFilters() throws Exception {
        assertEquals(JSON.readTree("{\"host\":\"github.com\",\"owner\":\"acme\",\"repo\":\"web\"}"),
                render("\"${{ parameters.repoUrl | parseRepoUrl }}\""));
        assertEquals("acme/web", render("\"${{ parameters.repoUrl | projectSlug }}\"").asText());
        assertEquals(JSON.readTree("{\"kind\":\"group\",\"namespace\":\"default\",\"name\":\"payments-team\"}"),
                render("\"${{ parameters.owner | parseEntityRef }}\""));
        assertEquals("payments-team", render("\"${{ parameters.owner | parseEntityRef | pick('name') }}\"").asText());
        assertEquals("component", render("\"${{ ('x' | parseEntityRef(defaultKind='component')).kind }}\"").asText());
        assertEquals("web", render("\"${{ (parameters.repoUrl | parseRepoUrl).repo }}\"").asText());
    }

    @Test
    void blockTagsAndLiteralBracesInFiles() throws Exception {
        String out = ENGINE.render("""
                name: ${{ parameters.name }}
                {%- if parameters.count > 2 %}
                many: true
                {%- endif %}
                helm: {{ .Values.image }}
                gha: ${{ '${{' }} github.sha }}
                {% for t in parameters.tags %}${{ loop.index }}${{ t }} {% endfor %}""", context());
        assertEquals("name: Payments-Api\nmany: true\nhelm: {{ .Values.image }}\ngha: ${{ github.sha }}\n1a 2b ", out);
    }

    @Test
    void truthiness() {
        assertFalse(ExpressionEngine.truthy(JSON.valueToTree("")));
        assertFalse(ExpressionEngine.truthy(JSON.valueToTree(0)));
        assertFalse(ExpressionEngine.truthy(JSON.createArrayNode()));
        assertFalse(ExpressionEngine.truthy(JSON.valueToTree(false)));
        assertTrue(ExpressionEngine.truthy(JSON.valueToTree("false")));
        assertTrue(ExpressionEngine.truthy(JSON.createObjectNode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "${{ parameters.name.getClass() }}",
        "${{ parameters.name.getClass().forName('java.lang.Runtime').getRuntime().exec('id') }}",
        "${{ parameters.getClass().getClassLoader() }}",
        "${{ parameters.name.class.name }}",
        "${{ ''.__class__.__mro__[1].__subclasses__() }}",
        "${{ ____int3rpr3t3r____.getContext() }}",
        "${{ ____int3rpr3t3r____.config }}",
        "${{ parameters.name.toUpperCase() }}",
        "${{ parameters.count.getClass() }}",
        "{% set x = parameters.name.getBytes() %}${{ x }}"
    })
    void sandboxEscapeAttemptsRevealNothing(String attempt) throws Exception {
        String rendered;
        try {
            JsonNode value = ENGINE.renderValue(JSON.valueToTree(attempt), context());
            rendered = value.isMissingNode() ? "" : value.asText();
        } catch (ExpressionError e) {
            return;
        }
        assertFalse(rendered.contains("class") || rendered.contains("Runtime") || rendered.contains("PAYMENTS")
                || rendered.contains("Interpreter") || rendered.contains("Context") || rendered.contains("["),
                attempt + " rendered " + rendered);
    }

    @Test
    void includeAndImportCannotReadFiles() throws Exception {
        for (String attempt : new String[] {"{% include '/etc/passwd' %}", "{% import '/etc/passwd' as x %}",
            "{% from '/etc/hosts' import y %}"}) {
            try {
                String out = ENGINE.render(attempt, context());
                assertFalse(out.contains("root:"), attempt);
            } catch (ExpressionError expected) {
                // refused
            }
        }
    }

    @Test
    void outputLoopsAndTimeAreBounded() throws Exception {
        ExpressionError big = assertThrows(ExpressionError.class,
                () -> ENGINE.render("{% for i in range(100) %}" + "x".repeat(500) + "{% endfor %}", context()));
        assertTrue(big.getMessage().contains("limit") || big.getMessage().contains("over"), big.getMessage());
        ExpressionError loops = assertThrows(ExpressionError.class,
                () -> ENGINE.render("{% for i in range(100) %}{% for j in range(100) %}{% for k in range(100) %}.{% endfor %}{% endfor %}{% endfor %}", context()));
        assertTrue(loops.getMessage().contains("work") || loops.getMessage().contains("limit") || loops.getMessage().contains("ms"), loops.getMessage());
        ExpressionEngine slow = new ExpressionEngine(new SandboxLimits(10_000_000, 5, 1_000_000, Duration.ofMillis(200)));
        ExpressionError time = assertThrows(ExpressionError.class,
                () -> slow.render("{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}", context()));
        assertTrue(time.getMessage().contains("ms") || time.getMessage().contains("work"), time.getMessage());
        // a recursive macro is refused: either an error or one level of output, never unbounded recursion
        try {
            assertTrue(ENGINE.render("{% macro m() %}x${{ m() }}{% endmacro %}${{ m() }}", context()).length() <= 10);
        } catch (ExpressionError refused) {
            // refused outright
        }
    }

    @Test
    void unclosedExpressionIsAnError() {
        assertThrows(ExpressionError.class, () -> ENGINE.render("hello ${{ parameters.name", context()));
    }
}
