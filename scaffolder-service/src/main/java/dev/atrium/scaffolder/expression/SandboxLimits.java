package dev.atrium.scaffolder.expression;

import java.time.Duration;

/** The bounds every render runs under: output size, render depth, loop size and wall-clock time. */
public record SandboxLimits(int maxOutputChars, int maxRenderDepth, int maxLoopIterations, Duration timeout) {

    /** Rendered nodes allowed per render: loops of loops are bounded by time and by this budget. */
    int nodeBudget() {
        return Math.max(10_000, maxLoopIterations * 100);
    }
}
