package dev.atrium.scaffolder.expression;

/**
 * Turns Backstage's {@code ${{ expr }}} variable syntax into Jinjava's {@code {{ expr }}}, and
 * protects every other {@code {{} so that Helm charts, GitHub workflow files and Mustache files in a
 * skeleton come out unchanged. Block tags ({@code {% if %}}) and comments keep their Jinja syntax,
 * exactly as in Backstage (Nunjucks with {@code variableStart: '${{'}).
 */
final class DelimiterTranslator {
    private static final String LITERAL_OPEN = "{{ '{{' }}";

    private DelimiterTranslator() {
    }

    /** True when the text contains something the engine would interpret. */
    static boolean hasTemplating(String text) {
        return text.contains("${{") || text.contains("{%") || text.contains("{#");
    }

    static String translate(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.startsWith("${{", i)) {
                int end = text.indexOf("}}", i + 3);
                if (end < 0) {
                    throw new ExpressionError("Unclosed expression: '${{' without '}}'");
                }
                out.append("{{").append(text, i + 3, end).append("}}");
                i = end + 2;
            } else if (text.startsWith("{{", i)) {
                out.append(LITERAL_OPEN);
                i += 2;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The expression inside a string that is exactly one {@code ${{ expr }}} (surrounding blanks
     * allowed), or null. Such strings keep the type of their value (a list stays a list).
     */
    static String singleExpression(String text) {
        String t = text.strip();
        if (!t.startsWith("${{") || !t.endsWith("}}")) {
            return null;
        }
        String inner = t.substring(3, t.length() - 2);
        if (inner.contains("}}") || inner.contains("${{")) {
            return null;
        }
        return inner.strip();
    }
}
