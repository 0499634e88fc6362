package dev.atrium.scaffolder.task;

/** Task and step states (Backstage's names; steps add {@code waiting} and {@code skipped}). */
public final class TaskStatus {
    public static final String OPEN = "open";
    public static final String PROCESSING = "processing";
    public static final String WAITING = "waiting";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String CANCELLED = "cancelled";

    private TaskStatus() {
    }

    public static boolean isFinal(String status) {
        return COMPLETED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }

    /** A step that needs nothing more: completed or skipped. */
    public static boolean stepDone(String status) {
        return COMPLETED.equals(status) || SKIPPED.equals(status);
    }
}
