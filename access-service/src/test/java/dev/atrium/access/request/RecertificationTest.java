package dev.atrium.access.request;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grants older than the configured age are listed for the owner; confirmed ones stay, unconfirmed ones expire. */
@QuarkusTest
class RecertificationTest extends AccessTestSupport {

    @Inject
    RequestService requests;

    private String oldGrant() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        execute("UPDATE access_request SET certified_at = now() - interval '100 days' WHERE id = ?::uuid", id);
        return id;
    }

    @Test
    void aGrantPastTheAgeIsListedForItsOwnerWhoConfirmsIt() {
        String id = oldGrant();
        requests.recertificationRound();
        assertNotNull(get(alice(), id).getString("recertificationDueAt"));
        as(carol()).get(BASE + "/recertifications").then().statusCode(200).body("id", hasItem(id));
        as(bob()).get(BASE + "/recertifications").then().statusCode(200).body("id", not(hasItem(id)));
        as(alice()).body(Map.of("confirm", true)).post(BASE + "/requests/" + id + "/recertify").then().statusCode(403);
        as(carol()).body(Map.of("confirm", true, "reason", "still needed")).post(BASE + "/requests/" + id + "/recertify").then()
                .statusCode(200).body("state", equalTo("ACTIVE")).body("recertificationDueAt", equalTo(null));
        as(carol()).get(BASE + "/recertifications").then().body("id", not(hasItem(id)));
        assertEquals(1, count("SELECT count(*) FROM audit_record WHERE subject = ? AND action = 'request.recertified'", "request:" + id));
    }

    @Test
    void anUnconfirmedGrantExpiresAndItsKeyStopsWorking() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        String key = as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(200).extract().path("key");
        execute("UPDATE access_request SET certified_at = now() - interval '200 days', "
                + "recertification_due_at = now() - interval '1 day' WHERE id = ?::uuid", id);
        requests.recertificationRound();
        assertEquals("EXPIRED", get(alice(), id).getString("state"));
        assertEquals("revoked", verify(key, model.ref()).getString("reason"));
        assertEquals(1, count("SELECT count(*) FROM audit_record WHERE subject = ? AND action = 'request.expired'", "request:" + id));
    }

    @Test
    void theOwnerMayEndAGrantInsteadWithAReason() {
        String id = oldGrant();
        requests.recertificationRound();
        as(carol()).body(Map.of("confirm", false)).post(BASE + "/requests/" + id + "/recertify").then().statusCode(400);
        as(carol()).body(Map.of("confirm", false, "reason", "no longer used")).post(BASE + "/requests/" + id + "/recertify").then()
                .statusCode(200).body("state", equalTo("REVOKED"));
    }
}
