package dev.atrium.access.request;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The main journey: an open model is requested, provisioned, its key shown once and verified. */
@QuarkusTest
class RequestLifecycleTest extends AccessTestSupport {

    @Test
    void openModelIsApprovedAtOnceProvisionedAndItsKeyWorks() {
        var model = stubModel("open");
        var created = as(alice()).body(request(model.ref(), "payments-team", 50_000)).post(BASE + "/requests")
                .then().statusCode(201)
                .header("Location", containsString("/api/access/v1/requests/"))
                .body("state", equalTo("APPROVED"))
                .body("tier", equalTo("open"))
                .body("team", equalTo("group:default/payments-team"))
                .extract().jsonPath();
        String id = created.getString("id");

        JsonPath active = awaitActive(alice(), id);
        assertEquals(3, active.getList("provisioning[0].steps").size(), active.prettify());
        assertEquals(java.util.List.of("PENDING_APPROVAL", "APPROVED", "PROVISIONING", "ACTIVE"), active.getList("transitions.to"));

        String key = as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(200)
                .body("metadata.team", equalTo("group:default/payments-team"))
                .extract().path("key");
        assertTrue(key.startsWith("atrk_") && key.length() == 48, key);
        as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(409);

        JsonPath v = verify(key, model.ref());
        assertTrue(v.getBoolean("valid"), v.prettify());
        assertEquals("group:default/payments-team", v.getString("team"));
        assertEquals("CC-4200-ml-platform", v.getString("costCenter"));
        assertEquals(50_000, v.getLong("remainingTokens"));
        assertEquals(0, count("SELECT count(*) FROM api_key WHERE key_hash = ?", key), "the key itself is never stored");
        assertEquals(0, count("SELECT count(*) FROM stored_secret WHERE ref LIKE ?", "%" + id), "shown once, then forgotten");
    }
}
