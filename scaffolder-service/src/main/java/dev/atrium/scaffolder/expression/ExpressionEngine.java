package dev.atrium.scaffolder.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.random.RandomNumberGeneratorStrategy;
import com.hubspot.jinjava.tree.Node;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders Backstage-style template expressions ({@code ${{ parameters.name | lower }}}) with
 * Jinjava, sandboxed: values are plain JSON data, no Java object is reachable (see
 * {@link SandboxResolver}), nothing is loaded from files or the classpath, and every render is
 * bounded in output size, depth, loop size, rendered nodes and time ({@link SandboxLimits}).
 */
public final class ExpressionEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<Budget> BUDGET = new ThreadLocal<>();

    private final Jinjava jinjava;
    private final SandboxLimits limits;

    public ExpressionEngine(SandboxLimits limits) {
        this(limits, false, false);
    }

    private ExpressionEngine(SandboxLimits limits, boolean trimBlocks, boolean lstripBlocks) {
        this.limits = limits;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withElResolver(SandboxResolver.create())
                .withMaxOutputSize(limits.maxOutputChars())
                .withMaxStringLength(limits.maxOutputChars())
                .withMaxRenderDepth(limits.maxRenderDepth())
                .withMaxMacroRecursionDepth(limits.maxRenderDepth())
                .withEnableRecursiveMacroCalls(false)
                .withNestedInterpretationEnabled(false)
                .withMaxListSize(limits.maxLoopIterations())
                .withMaxMapSize(limits.maxLoopIterations())
                .withRangeLimit(limits.maxLoopIterations())
                .withFailOnUnknownTokens(false)
                .withTrimBlocks(trimBlocks)
                .withLstripBlocks(lstripBlocks)
                .withRandomNumberGeneratorStrategy(RandomNumberGeneratorStrategy.CONSTANT_ZERO)
                .withDisabled(Map.of(Context.Library.TAG, Set.of("include", "import", "from", "extends")))
                .withNodePreProcessor(ExpressionEngine::tick)
                .build();
        this.jinjava = new Jinjava(config);
        this.jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new IOException("templates cannot load other files");
        });
        TemplateFilters.all().forEach(f -> jinjava.getGlobalContext().registerFilter(f));
    }

    /** An engine with Jinja's trimBlocks/lstripBlocks switched on, for fetch:template's options. */
    public ExpressionEngine withWhitespaceControl(boolean trimBlocks, boolean lstripBlocks) {
        return trimBlocks || lstripBlocks ? new ExpressionEngine(limits, trimBlocks, lstripBlocks) : this;
    }

    /** Converts JSON into the plain maps and lists expressions see. */
    public static Map<String, Object> context(Map<String, JsonNode> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? null : JSON.convertValue(v, Object.class)));
        return out;
    }

    /**
     * Renders every string in a JSON value. A string that is exactly one expression keeps its
     * value's type; a string or expression that renders to nothing is dropped (Backstage's rule).
     * Returns {@link MissingNode} when the whole value renders to nothing.
     */
    public JsonNode renderValue(JsonNode value, Map<String, Object> context) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return value == null ? MissingNode.getInstance() : value;
        }
        if (value.isTextual()) {
            return renderString(value.asText(), context);
        }
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode rendered = renderValue(e.getValue(), context);
                if (!rendered.isMissingNode()) {
                    out.set(e.getKey(), rendered);
                }
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : value) {
                JsonNode rendered = renderValue(item, context);
                if (!rendered.isMissingNode()) {
                    out.add(rendered);
                }
            }
            return out;
        }
        return value;
    }

    private JsonNode renderString(String text, Map<String, Object> context) {
        String expression = DelimiterTranslator.singleExpression(text);
        if (expression != null) {
            Object result = evaluate(expression, context);
            if (result == null || (result instanceof CharSequence cs && cs.isEmpty())) {
                return MissingNode.getInstance();
            }
            return toJson(result);
        }
        if (!DelimiterTranslator.hasTemplating(text)) {
            return JsonNodeFactory.instance.textNode(text);
        }
        String rendered = render(text, context);
        return rendered.isEmpty() ? MissingNode.getInstance() : JsonNodeFactory.instance.textNode(rendered);
    }

    /** Renders text (a file, a mixed string); expressions are {@code ${{ }}}, tags {@code {% %}}. */
    public String render(String text, Map<String, Object> context) {
        if (!DelimiterTranslator.hasTemplating(text)) {
            return text;
        }
        String source = DelimiterTranslator.translate(text);
        Budget budget = start();
        try {
            RenderResult result = jinjava.renderForResult(source, context);
            budget.check();
            failOnErrors(result.getErrors());
            String output = result.getOutput();
            if (output.length() > limits.maxOutputChars()) {
                throw tooBig();
            }
            return output;
        } catch (ExpressionError e) {
            throw e;
        } catch (RuntimeException e) {
            budget.check();
            throw new ExpressionError("Template could not be rendered: " + describe(e));
        } finally {
            BUDGET.remove();
        }
    }

    /** Evaluates one expression (without delimiters) to its value. */
    public Object evaluate(String expression, Map<String, Object> context) {
        Budget budget = start();
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        interpreter.getContext().putAll(context);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Object value = interpreter.resolveELExpression(expression, 1);
            budget.check();
            failOnErrors(interpreter.getErrorsCopy());
            return value instanceof SafeString s ? s.toString() : value;
        } catch (ExpressionError e) {
            throw e;
        } catch (RuntimeException e) {
            budget.check();
            throw new ExpressionError("Expression '" + abbreviate(expression) + "' could not be evaluated: " + describe(e));
        } finally {
            JinjavaInterpreter.popCurrent();
            BUDGET.remove();
        }
    }

    /** Backstage's truthiness for {@code if:}: false, null, "", 0 and [] are false. */
    public static boolean truthy(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        if (value.isArray()) {
            return !value.isEmpty();
        }
        return true;
    }

    private static JsonNode toJson(Object value) {
        try {
            return JSON.valueToTree(plain(value));
        } catch (IllegalArgumentException e) {
            throw new ExpressionError("Expression produced a value that is not JSON data");
        }
    }

    /** Copies Jinjava's wrappers into plain JSON-able values; anything else becomes its string form. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(ExpressionEngine::plain).toList();
        }
        return value.toString();
    }

    private void failOnErrors(List<TemplateError> errors) {
        for (TemplateError error : errors) {
            String message = error.getMessage() == null ? "error" : error.getMessage();
            if (error.getReason() == TemplateError.ErrorReason.OUTPUT_TOO_BIG || message.contains("OutputTooBig")) {
                throw tooBig();
            }
            if (error.getReason() == TemplateError.ErrorReason.OVER_LIMIT
                    || error.getReason() == TemplateError.ErrorReason.COLLECTION_TOO_BIG) {
                throw new ExpressionError("Template is over a sandbox limit: " + abbreviate(message));
            }
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ExpressionError("Template error: " + abbreviate(message));
            }
        }
    }

    private ExpressionError tooBig() {
        return new ExpressionError("Template output is over the limit of " + limits.maxOutputChars() + " characters");
    }

    private Budget start() {
        Budget budget = new Budget(System.nanoTime() + limits.timeout().toNanos(), limits.nodeBudget(), limits);
        BUDGET.set(budget);
        return budget;
    }

    private static void tick(Node node, JinjavaInterpreter interpreter) {
        Budget budget = BUDGET.get();
        if (budget != null) {
            budget.tick();
        }
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : abbreviate(m);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Per-render time and node budget, checked before every rendered node. */
    private static final class Budget {
        private final long deadline;
        private final SandboxLimits limits;
        private int nodesLeft;
        private String exceeded;

        Budget(long deadline, int nodes, SandboxLimits limits) {
            this.deadline = deadline;
            this.nodesLeft = nodes;
            this.limits = limits;
        }

        void tick() {
            if (exceeded != null) {
                throw new ExpressionError(exceeded);
            }
            if (--nodesLeft < 0) {
                exceeded = "Template does too much work: over " + limits.nodeBudget() + " rendered nodes (loops are limited to "
                        + limits.maxLoopIterations() + " iterations)";
            } else if (System.nanoTime() > deadline) {
                exceeded = "Template took longer than " + limits.timeout().toMillis() + " ms to render";
            }
            if (exceeded != null) {
                throw new ExpressionError(exceeded);
            }
        }

        void check() {
            if (exceeded != null) {
                throw new ExpressionError(exceeded);
            }
        }
    }
}
