package dev.atrium.scaffolder.task;

/** Signals a worker sends to one running task: cancel it, or stop because the claim is gone. */
public final class RunControl {
    volatile boolean cancelRequested;
    volatile boolean stopped;
    volatile Thread thread;

    public void cancel() {
        cancelRequested = true;
    }

    /** Stops the run without writing anything more (the claim was lost or the worker is being killed). */
    public void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public boolean stopped() {
        return stopped;
    }
}
