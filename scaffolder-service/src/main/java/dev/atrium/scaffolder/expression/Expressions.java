package dev.atrium.scaffolder.expression;

import dev.atrium.scaffolder.config.ScaffolderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The service's one expression engine, with the sandbox limits from {@code atrium.scaffolder.expressions.*}. */
@ApplicationScoped
public class Expressions {
    private final ExpressionEngine engine;

    @Inject
    public Expressions(ScaffolderConfig config) {
        var e = config.expressions();
        this.engine = new ExpressionEngine(new SandboxLimits(e.maxOutputChars(), e.maxRenderDepth(), e.maxLoopIterations(), e.timeout()));
    }

    public ExpressionEngine engine() {
        return engine;
    }
}
