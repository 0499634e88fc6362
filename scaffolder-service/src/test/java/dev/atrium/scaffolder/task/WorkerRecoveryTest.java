package dev.atrium.scaffolder.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker killed mid-task (no more heartbeats, nothing more written) does not lose the task: after
 * the heartbeat timeout another worker claims it with SKIP LOCKED and resumes it, re-running the
 * interrupted idempotent step and keeping the steps that had finished.
 */
@QuarkusTest
class WorkerRecoveryTest extends ScaffolderTestSupport {

    @Inject
    TaskWorker worker;

    @Test
    void taskOfAKilledWorkerIsResumedByAnother() {
        String ref = stubTemplate("resumable.yaml", null);
        String id = scaffold(alice(), ref, Map.of());
        long deadline = System.currentTimeMillis() + 30_000;
        while (count("SELECT count(*) FROM task_steps WHERE task_id = ?::uuid AND step_id = 'wait' AND status = 'processing'", id) == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the wait step never started");
            sleep(20);
        }
        String deadWorker = text("SELECT claimed_by FROM tasks WHERE id = ?::uuid", id);
        worker.stop(false);
        try {
            sleep(1000);
            assertEquals("processing", text("SELECT status FROM tasks WHERE id = ?::uuid", id), "the task is not lost or finished");
            assertEquals(deadWorker, text("SELECT claimed_by FROM tasks WHERE id = ?::uuid", id), "still held by the dead worker");
        } finally {
            worker.start();
        }
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals(List.of("completed", "completed", "completed"), task.getList("steps.status"));
        assertNotEquals(deadWorker, worker.workerId());
        assertEquals(1, count("SELECT count(*) FROM task_events WHERE task_id = ?::uuid AND body->>'message' = 'first step'", id),
                "the finished step is not run again");
        assertTrue(count("SELECT count(*) FROM task_events WHERE task_id = ?::uuid AND type = 'recovered'", id) >= 2);
        assertEquals(2, count("SELECT runs FROM tasks WHERE id = ?::uuid", id));
    }
}
