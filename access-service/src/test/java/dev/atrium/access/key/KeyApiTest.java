package dev.atrium.access.key;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys a team creates for its granted models: scope, one-time display, listing, rotation, revocation, expiry. */
@QuarkusTest
class KeyApiTest extends AccessTestSupport {

    @Inject
    KeyService keys;

    private static Map<String, Object> newKey(String model, String team, long budget) {
        return Map.of("name", "staging gateway", "team", team, "models", List.of(model), "monthlyTokenBudget", budget);
    }

    private String grant(String token, String team) {
        var model = stubModel("open");
        awaitActive(token, create(token, model.ref(), team, 1000));
        return model.ref();
    }

    @Test
    void aTeamMemberCreatesAKeyForAGrantedModelAndItIsShownOnce() {
        String model = grant(alice(), "payments-team");
        JsonPath created = as(alice()).body(newKey(model, "payments-team", 500)).post(BASE + "/keys").then().statusCode(201)
                .body("metadata.state", equalTo("active"))
                .body("metadata.models", equalTo(List.of(model)))
                .extract().jsonPath();
        String key = created.getString("key");
        String id = created.getString("metadata.id");
        assertTrue(KeyMaterial.wellFormed(key));
        assertEquals(500, verify(key, model).getLong("remainingTokens"));
        as(alice()).get(BASE + "/keys/" + id).then().statusCode(200).body("id", equalTo(id)).body("key", nullValue())
                .body("prefix", equalTo(key.substring(0, 11) + "…"));
        as(alice()).get(BASE + "/keys").then().statusCode(200).body("id", hasItem(id)).body("key", not(hasItem(key)));
        assertEquals(0, count("SELECT count(*) FROM api_key WHERE key_hash = ? OR display_prefix = ?", key, key));
        assertEquals(1, count("SELECT count(*) FROM audit_record WHERE subject = ? AND action = 'key.created'", "key:" + id));
        assertEquals(0, count("SELECT count(*) FROM audit_record WHERE details LIKE ?", "%" + key.substring(5) + "%"), "never in the audit log");
    }

    @Test
    void aKeyForAModelTheTeamHasNoGrantForIs422AndNothingIsStored() {
        long before = count("SELECT count(*) FROM api_key");
        as(alice()).body(newKey(stubModel("open").ref(), "payments-team", 5)).post(BASE + "/keys").then().statusCode(422)
                .body("errors[0].field", equalTo("models[0]"));
        String bobsModel = grant(bob(), "checkout-team");
        as(alice()).body(newKey(bobsModel, "payments-team", 5)).post(BASE + "/keys").then().statusCode(422);
        as(alice()).body(newKey(bobsModel, "checkout-team", 5)).post(BASE + "/keys").then().statusCode(403);
        assertEquals(before + 1, count("SELECT count(*) FROM api_key"), "only bob's provisioned key");
    }

    @Test
    void badKeyRequestsAre400AndStoreNothing() {
        String model = grant(alice(), "payments-team");
        long before = count("SELECT count(*) FROM api_key");
        Map<String, Object> good = newKey(model, "payments-team", 5);
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(
                Map.entry("name", ""), Map.entry("name", "x".repeat(101)), Map.entry("team", ""), Map.entry("models", List.of()),
                Map.entry("models", List.of("not a ref")), Map.entry("monthlyTokenBudget", 0),
                Map.entry("expiresAt", Instant.now().minusSeconds(60).toString()),
                Map.entry("expiresAt", Instant.now().plus(400, ChronoUnit.DAYS).toString()))) {
            Map<String, Object> body = new HashMap<>(good);
            body.put(bad.getKey(), bad.getValue());
            String field = bad.getKey().equals("models") && !((List<?>) bad.getValue()).isEmpty() ? "models[0]" : bad.getKey();
            as(alice()).body(body).post(BASE + "/keys").then().statusCode(400).body("errors.field", hasItems(field));
        }
        as(alice()).body("{\"name\":").post(BASE + "/keys").then().statusCode(400);
        assertEquals(before, count("SELECT count(*) FROM api_key"));
    }

    @Test
    void anotherTeamCannotSeeRotateOrRevokeAKey() {
        String model = grant(alice(), "payments-team");
        String id = as(alice()).body(newKey(model, "payments-team", 5)).post(BASE + "/keys").then().statusCode(201)
                .extract().path("metadata.id");
        as(bob()).get(BASE + "/keys/" + id).then().statusCode(403);
        as(bob()).body(Map.of()).post(BASE + "/keys/" + id + "/rotate").then().statusCode(403);
        as(bob()).body(Map.of()).post(BASE + "/keys/" + id + "/revoke").then().statusCode(403);
        as(bob()).get(BASE + "/keys").then().statusCode(200).body("id", not(hasItem(id)));
        as(bob()).queryParam("team", "payments-team").get(BASE + "/keys").then().statusCode(403);
        as(admin()).get(BASE + "/keys/" + id).then().statusCode(200);
        assertEquals(null, scalar("SELECT revoked_at FROM api_key WHERE id = ?::uuid", id));
    }

    @Test
    void rotationReplacesTheKeyAtOnce() {
        String model = grant(alice(), "payments-team");
        JsonPath created = as(alice()).body(newKey(model, "payments-team", 50)).post(BASE + "/keys").then().statusCode(201).extract().jsonPath();
        String oldKey = created.getString("key");
        JsonPath rotated = as(alice()).body(Map.of("reason", "leaked in a log")).post(BASE + "/keys/" + created.getString("metadata.id") + "/rotate")
                .then().statusCode(200).extract().jsonPath();
        String newKey = rotated.getString("key");
        assertNotEquals(oldKey, newKey);
        assertEquals(created.getString("metadata.id"), rotated.getString("metadata.rotatedFrom"));
        assertEquals(created.getString("metadata.expiresAt"), rotated.getString("metadata.expiresAt"));
        assertEquals("revoked", verify(oldKey, model).getString("reason"));
        assertTrue(verify(newKey, model).getBoolean("valid"));
        as(alice()).body(Map.of()).post(BASE + "/keys/" + created.getString("metadata.id") + "/rotate").then().statusCode(409);
    }

    @Test
    void aProvisionedKeyCanBeRotatedAfterItWasShown() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 100);
        awaitActive(alice(), id);
        JsonPath shown = as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(200).extract().jsonPath();
        JsonPath rotated = as(alice()).body(Map.of()).post(BASE + "/keys/" + shown.getString("metadata.id") + "/rotate").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(id, rotated.getString("metadata.requestId"));
        assertTrue(verify(rotated.getString("key"), model.ref()).getBoolean("valid"));
        assertFalse(verify(shown.getString("key"), model.ref()).getBoolean("valid"));
        assertEquals(rotated.getString("metadata.id"), get(alice(), id).getString("key.id"));
    }

    @Test
    void revocationIsFinalAndAudited() {
        String model = grant(alice(), "payments-team");
        JsonPath created = as(alice()).body(newKey(model, "payments-team", 50)).post(BASE + "/keys").then().statusCode(201).extract().jsonPath();
        String id = created.getString("metadata.id");
        as(alice2()).body(Map.of("reason", "teammate left")).post(BASE + "/keys/" + id + "/revoke").then().statusCode(200)
                .body("state", equalTo("revoked")).body("revokeReason", equalTo("teammate left"));
        assertEquals("revoked", verify(created.getString("key"), model).getString("reason"));
        as(alice()).body(Map.of()).post(BASE + "/keys/" + id + "/revoke").then().statusCode(409);
        as(alice()).get(BASE + "/keys").then().body("id", not(hasItem(id)));
        as(alice()).queryParam("includeRevoked", "true").get(BASE + "/keys").then().body("id", hasItem(id));
        assertEquals(1, count("SELECT count(*) FROM audit_record WHERE subject = ? AND action = 'key.revoked' AND actor = 'amy'", "key:" + id));
    }

    @Test
    void expiredKeysFailAndTheExpiryJobRecordsThem() {
        String model = grant(alice(), "payments-team");
        JsonPath created = as(alice()).body(newKey(model, "payments-team", 50)).post(BASE + "/keys").then().statusCode(201).extract().jsonPath();
        String id = created.getString("metadata.id");
        execute("UPDATE api_key SET expires_at = now() - interval '1 minute' WHERE id = ?::uuid", id);
        long deadline = System.currentTimeMillis() + 2000;
        String reason = null;
        while (System.currentTimeMillis() < deadline && !"expired".equals(reason)) {
            reason = verify(created.getString("key"), model).getString("reason");
        }
        assertEquals("expired", reason);
        assertTrue(keys.expireDue() >= 1);
        assertTrue(scalar("SELECT expired_at FROM api_key WHERE id = ?::uuid", id) != null);
        assertEquals(1, count("SELECT count(*) FROM audit_record WHERE subject = ? AND action = 'key.expired'", "key:" + id));
        as(alice()).get(BASE + "/keys/" + id).then().body("state", equalTo("expired"));
    }
}
