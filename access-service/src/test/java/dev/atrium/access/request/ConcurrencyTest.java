package dev.atrium.access.request;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Fifty things at once: nothing is lost, nothing is provisioned twice. */
@QuarkusTest
class ConcurrencyTest extends AccessTestSupport {
    private static final int N = 50;

    private static <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(N);
        try {
            List<Future<T>> futures = pool.invokeAll(tasks);
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyParallelApprovalsOfOneRequestApproveItOnceAndProvisionOnce() throws Exception {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 5_000_000);
        List<Callable<Integer>> approvals = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String approver = dev.atrium.commons.testing.TestTokens.user("owner" + i, "ml-platform-team");
            approvals.add(() -> given().auth().oauth2(approver).contentType(ContentType.JSON).body(Map.of("reason", "ok"))
                    .post(BASE + "/requests/" + id + "/approve").statusCode());
        }
        List<Integer> statuses = all(approvals);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(N - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        awaitActive(alice(), id);
        assertEquals(1, count("SELECT count(*) FROM request_approval WHERE request_id = ?::uuid", id));
        assertEquals(1, count("SELECT count(*) FROM provisioning_job WHERE request_id = ?::uuid", id));
        assertEquals(1, count("SELECT count(*) FROM api_key WHERE request_id = ?::uuid", id));
        assertEquals(1, count("SELECT count(*) FROM ticket_log WHERE request_id = ?::uuid", id));
        assertEquals(1, count("SELECT count(*) FROM request_transition WHERE request_id = ?::uuid AND to_state = 'ACTIVE'", id));
        assertEquals(1, count("SELECT count(*) FROM event_outbox WHERE id = ?", "access.provisioned:" + id));
    }

    @Test
    void fiftyRequestsApprovedInParallelAllBecomeActiveEachWithOneKey() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ids.add(create(alice(), stubModel("standard").ref(), "payments-team", 5_000_000));
        }
        List<Callable<Integer>> approvals = new ArrayList<>();
        for (String id : ids) {
            approvals.add(() -> given().auth().oauth2(carol()).contentType(ContentType.JSON).body(Map.of())
                    .post(BASE + "/requests/" + id + "/approve").statusCode());
        }
        assertEquals(List.of(200), all(approvals).stream().distinct().toList());
        for (String id : ids) {
            awaitActive(alice(), id);
        }
        String in = "(" + String.join(",", ids.stream().map(i -> "'" + i + "'").toList()) + ")";
        assertEquals(N, count("SELECT count(*) FROM api_key WHERE request_id::text IN " + in));
        assertEquals(N, count("SELECT count(DISTINCT request_id) FROM api_key WHERE request_id::text IN " + in));
        assertEquals(N, count("SELECT count(*) FROM provisioning_job WHERE request_id::text IN " + in));
        assertEquals(N, count("SELECT count(*) FROM ticket_log WHERE request_id::text IN " + in));
    }

    @Test
    void fiftyParallelUsageReportsLoseNothingAndCountRepeatsOnce() throws Exception {
        var model = stubModel("open");
        String key = activeKey(alice(), model.ref(), "payments-team", 10_000_000);
        String keyId = verify(key, model.ref()).getString("keyId");
        String shared = UUID.randomUUID().toString();
        List<Callable<Integer>> reports = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String unique = UUID.randomUUID().toString();
            reports.add(() -> given().auth().oauth2(gateway()).contentType(ContentType.JSON)
                    .body(List.of(Map.of("id", unique, "keyId", keyId, "model", model.ref(), "tokens", 10),
                            Map.of("id", shared, "keyId", keyId, "model", model.ref(), "tokens", 1000)))
                    .post(BASE + "/usage").statusCode());
        }
        assertEquals(List.of(202), all(reports).stream().distinct().toList());
        assertEquals(N * 10 + 1000, count("SELECT tokens FROM key_month_usage WHERE key_id = ?::uuid", keyId));
        assertEquals(N + 1, count("SELECT count(*) FROM usage_record WHERE key_id = ?::uuid", keyId));
    }

    @Test
    void fiftyParallelRequestsForOneModelAndTeamCreateOne() throws Exception {
        var model = stubModel("open");
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            creates.add(() -> given().auth().oauth2(alice()).contentType(ContentType.JSON).body(request(model.ref(), "payments-team", 10))
                    .post(BASE + "/requests").statusCode());
        }
        List<Integer> statuses = all(creates);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(N - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, count("SELECT count(*) FROM access_request WHERE model_ref = ?", model.ref()));
    }
}
