package dev.atrium.scaffolder.expression;

/** A template expression that does not parse, breaks a sandbox limit or fails while rendering. */
public class ExpressionError extends RuntimeException {
    public ExpressionError(String message) {
        super(message, null, false, false);
    }
}
