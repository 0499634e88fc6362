package dev.atrium.access.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit chain through the API: what is recorded, who may read it, and that tampering in SQL is detected. */
@QuarkusTest
class AuditApiTest extends AccessTestSupport {

    @Test
    void aRequestsLifeIsRecordedInOrderAndChained() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        JsonPath page = as(alice()).queryParam("requestId", id).get(BASE + "/audit").then().statusCode(200).extract().jsonPath();
        List<String> actions = page.getList("items.action");
        assertTrue(actions.containsAll(List.of("request.created", "request.approved", "provisioning.started",
                "provision.step.done", "request.active")), actions.toString());
        assertEquals("request.active", actions.get(0), "newest first");
        assertEquals("alice", page.getString("items.find { it.action == 'request.created' }.actor"));
        assertEquals(model.ref(), page.getString("items.find { it.action == 'request.created' }.details.model"));
        List<Integer> seqs = page.getList("items.seq");
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) < seqs.get(i - 1));
        }
        as(alice()).queryParam("action", "key.issued").queryParam("team", "payments-team").get(BASE + "/audit").then().statusCode(200)
                .body("items.team", everyItem(equalTo("group:default/payments-team")));
    }

    @Test
    void aTeamReadsOnlyItsOwnRecordsAdminsReadAll() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        as(bob()).queryParam("requestId", id).get(BASE + "/audit").then().statusCode(200).body("items.size()", equalTo(0));
        as(bob()).queryParam("team", "payments-team").get(BASE + "/audit").then().statusCode(403);
        as(admin()).queryParam("requestId", id).get(BASE + "/audit").then().statusCode(200).body("items.action", hasItems("request.created"));
        as(alice()).get(BASE + "/audit/verify").then().statusCode(403);
    }

    @Test
    void badFiltersAre400() {
        as(admin()).queryParam("requestId", "x").get(BASE + "/audit").then().statusCode(400);
        as(admin()).queryParam("from", "yesterday").get(BASE + "/audit").then().statusCode(400);
        as(admin()).queryParam("limit", "501").get(BASE + "/audit").then().statusCode(400);
        as(admin()).queryParam("cursor", "!!").get(BASE + "/audit").then().statusCode(400);
    }

    @Test
    void pagingFollowsTheCursor() {
        var model = stubModel("open");
        awaitActive(alice(), create(alice(), model.ref(), "payments-team", 10));
        JsonPath first = as(admin()).queryParam("limit", "3").get(BASE + "/audit").then().statusCode(200).extract().jsonPath();
        JsonPath second = as(admin()).queryParam("limit", "3").queryParam("cursor", first.getString("nextCursor")).get(BASE + "/audit")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(second.getLong("items[0].seq") < first.getLong("items[2].seq"));
    }

    @Test
    void editingARecordInSqlIsDetectedAtThatRecord() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        as(admin()).get(BASE + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));

        long seq = count("SELECT seq FROM audit_record WHERE subject = ? AND action = 'request.created'", "request:" + id);
        String original = (String) scalar("SELECT details FROM audit_record WHERE seq = ?", seq);
        try {
            execute("UPDATE audit_record SET details = replace(details, 'payments-team', 'checkout-team') WHERE seq = ?", seq);
            JsonPath broken = as(admin()).get(BASE + "/audit/verify").then().statusCode(200).extract().jsonPath();
            assertFalse(broken.getBoolean("valid"));
            assertEquals(seq, broken.getLong("brokenAt.seq"));
            assertEquals("content does not match its hash", broken.getString("brokenAt.reason"));
        } finally {
            execute("UPDATE audit_record SET details = ? WHERE seq = ?", original, seq);
        }
        as(admin()).get(BASE + "/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void rewritingARecordsHashIsCaughtByTheNextRecord() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        long seq = count("SELECT seq FROM audit_record WHERE subject = ? AND action = 'request.created'", "request:" + id);
        String hash = (String) scalar("SELECT hash FROM audit_record WHERE seq = ?", seq);
        try {
            execute("UPDATE audit_record SET hash = ? WHERE seq = ?", "f".repeat(64), seq);
            JsonPath broken = as(admin()).get(BASE + "/audit/verify").then().statusCode(200).extract().jsonPath();
            assertFalse(broken.getBoolean("valid"));
            assertEquals(seq, broken.getLong("brokenAt.seq"));
        } finally {
            execute("UPDATE audit_record SET hash = ? WHERE seq = ?", hash, seq);
        }
    }

    @Test
    void thePolicyInForceIsRecorded() {
        as(admin()).queryParam("action", "policy.changed").get(BASE + "/audit").then().statusCode(200)
                .body("items[0].details.standardAutoApproveMaxMonthlyTokens", equalTo(1_000_000));
    }
}
