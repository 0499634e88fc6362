package dev.atrium.access.request;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.access.support.AccessTestSupport;
import dev.atrium.access.support.CatalogEntities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Policy by tier through the API: who approves what, rejections, revocation, toolchains, listing. */
@QuarkusTest
class RequestApiTest extends AccessTestSupport {

    @Test
    void standardWithinTheLimitIsApprovedAtOnce() {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 1_000_000);
        JsonPath r = awaitActive(alice(), id);
        assertEquals("standard", r.getString("tier"));
        assertEquals(List.of(), r.getList("approvals"));
        assertEquals("policy", r.getString("transitions[1].actor"));
    }

    @Test
    void standardOverTheLimitWaitsForTheOwnerGroup() {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 2_000_000);
        JsonPath r = get(alice(), id);
        assertEquals("PENDING_APPROVAL", r.getString("state"));
        assertEquals(List.of("owner:group:default/ml-platform-team"), r.getList("approvals.role"));
        assertEquals(0, count("SELECT count(*) FROM provisioning_job WHERE request_id = ?::uuid", id), "nothing provisioned yet");

        as(bob()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(403);
        as(admin()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        as(carol()).body(Map.of("reason", "fine for disputes")).post(BASE + "/requests/" + id + "/approve").then().statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("approvals[0].state", equalTo("approved"))
                .body("approvals[0].approver", equalTo("carol"));
        awaitActive(alice(), id);
        as(carol()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(409);
    }

    @Test
    void nobodyApprovesTheirOwnRequest() {
        var model = stubModel("standard");
        String id = create(carol(), model.ref(), "ml-platform-team", 5_000_000);
        as(carol()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(403)
                .body("error.message", equalTo("You cannot decide your own request"));
        as(carol()).body(Map.of("reason", "no")).post(BASE + "/requests/" + id + "/reject").then().statusCode(403);
        assertEquals("PENDING_APPROVAL", get(carol(), id).getString("state"));
        assertEquals(0, count("SELECT count(*) FROM request_approval WHERE request_id = ?::uuid", id));
    }

    @Test
    void restrictedNeedsTheOwnerAndAPlatformAdminTwoPeople() {
        var model = stubModel(CatalogEntities.model(unique("r")).tier("restricted").owner("data-team"));
        String id = create(alice(), model.ref(), "payments-team", 10);
        assertEquals(List.of("owner:group:default/data-team", "platform-admin"), get(alice(), id).getList("approvals.role"));

        as(admin()).body(Map.of("reason", "DPA signed")).post(BASE + "/requests/" + id + "/approve").then().statusCode(200)
                .body("state", equalTo("PENDING_APPROVAL"))
                .body("approvals.find { it.role == 'platform-admin' }.state", equalTo("approved"));
        as(admin()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(409);
        as(admin2()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(403);
        as(carol()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(403);
        as(dave()).body(Map.of("reason", "ok for the summarizer")).post(BASE + "/requests/" + id + "/approve").then().statusCode(200)
                .body("state", equalTo("APPROVED"));
        JsonPath r = awaitActive(alice(), id);
        assertEquals(List.of("approved", "approved"), r.getList("approvals.state"));
        assertEquals(2, count("SELECT count(*) FROM request_approval WHERE request_id = ?::uuid", id));
    }

    @Test
    void aRejectionNeedsAReasonAndEndsTheRequest() {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 3_000_000);
        as(carol()).body(Map.of()).post(BASE + "/requests/" + id + "/reject").then().statusCode(400)
                .body("errors.field", hasItem("reason"));
        assertEquals("PENDING_APPROVAL", get(alice(), id).getString("state"));
        as(carol()).body(Map.of("reason", "use chat-assistant instead")).post(BASE + "/requests/" + id + "/reject").then().statusCode(200)
                .body("state", equalTo("REJECTED"))
                .body("stateReason", equalTo("use chat-assistant instead"))
                .body("approvals[0].state", equalTo("rejected"));
        as(carol()).body(Map.of()).post(BASE + "/requests/" + id + "/approve").then().statusCode(409);
        // A rejected request does not block a new one.
        create(alice(), model.ref(), "payments-team", 10);
    }

    @Test
    void aSecondLiveRequestForTheSameTeamAndModelIsAConflict() {
        var model = stubModel("open");
        create(alice(), model.ref(), "payments-team", 10);
        long before = count("SELECT count(*) FROM access_request");
        as(alice2()).body(request(model.ref(), "payments-team", 10)).post(BASE + "/requests").then().statusCode(409)
                .body("error.name", equalTo("ConflictError"));
        assertEquals(before, count("SELECT count(*) FROM access_request"));
        create(bob(), model.ref(), "checkout-team", 10);
    }

    @Test
    void revokingAGrantStopsItsKeyAndDeprovisions() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 1000);
        awaitActive(alice(), id);
        String key = as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(200).extract().path("key");
        assertTrue(verify(key, model.ref()).getBoolean("valid"));

        as(bob()).body(Map.of("reason", "x")).post(BASE + "/requests/" + id + "/revoke").then().statusCode(403);
        as(alice()).body(Map.of()).post(BASE + "/requests/" + id + "/revoke").then().statusCode(400);
        as(alice()).body(Map.of("reason", "project ended")).post(BASE + "/requests/" + id + "/revoke").then().statusCode(200)
                .body("state", equalTo("REVOKED"));
        JsonPath v = verify(key, model.ref());
        assertFalse(v.getBoolean("valid"));
        assertEquals("revoked", v.getString("reason"));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && count("SELECT count(*) FROM provisioning_job WHERE request_id = ?::uuid AND action = 'deprovision' AND state = 'done'", id) == 0) {
            sleep(100);
        }
        assertEquals(1, count("SELECT count(*) FROM provisioning_job WHERE request_id = ?::uuid AND action = 'deprovision' AND state = 'done'", id));
        assertEquals(1, count("SELECT count(*) FROM ticket_log WHERE request_id = ?::uuid AND action = 'deprovision'", id));
        as(alice()).body(Map.of("reason", "again")).post(BASE + "/requests/" + id + "/revoke").then().statusCode(409);
    }

    @Test
    void aPendingRequestCanBeWithdrawnWithoutDeprovisioning() {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 9_000_000);
        as(alice()).body(Map.of("reason", "wrong model")).post(BASE + "/requests/" + id + "/revoke").then().statusCode(200)
                .body("state", equalTo("REVOKED"));
        assertEquals(0, count("SELECT count(*) FROM provisioning_job WHERE request_id = ?::uuid", id));
    }

    @Test
    void aToolchainGrantCoversItsModelsAndItsKeyWorksForEach() {
        var open = stubModel("open");
        var standard = stubModel(CatalogEntities.model(unique("s")).tier("standard").costCenter("CC-9"));
        String name = unique("tc");
        catalogHas(CatalogEntities.toolchain(name, "platform-team", "selfService", List.of(open.ref(), "aimodel:" + standard.name())));
        String ref = "toolchain:default/" + name;
        String id = create(alice(), ref, "payments-team", 500);
        JsonPath r = awaitActive(alice(), id);
        assertEquals("standard", r.getString("tier"));
        assertEquals(List.of(open.ref(), standard.ref()), r.getList("coveredModels"));
        String key = as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(200).extract().path("key");
        assertTrue(verify(key, open.ref()).getBoolean("valid"));
        assertEquals("CC-9", verify(key, standard.name()).getString("costCenter"));
        assertTrue(verify(key, ref).getBoolean("valid"));
        assertEquals("model_not_in_scope", verify(key, stubModel("open").ref()).getString("reason"));
    }

    @Test
    void aToolchainNeedsTheApprovalsOfItsStrictestModel() {
        var restricted = stubModel(CatalogEntities.model(unique("r")).tier("restricted").owner("data-team"));
        String name = unique("tc");
        catalogHas(CatalogEntities.toolchain(name, "platform-team", "selfService", List.of(restricted.ref())));
        String id = create(alice(), "toolchain:default/" + name, "payments-team", 5);
        JsonPath r = get(alice(), id);
        assertEquals("PENDING_APPROVAL", r.getString("state"));
        assertEquals(List.of("owner:group:default/data-team", "platform-admin"), r.getList("approvals.role"));
    }

    @Test
    void ticketModelsAlwaysNeedTheOwner() {
        var model = stubModel(CatalogEntities.model(unique("t")).tier("open").requestAccess("ticket"));
        String id = create(alice(), model.ref(), "payments-team", 5);
        assertEquals(List.of("owner:group:default/ml-platform-team"), get(alice(), id).getList("approvals.role"));
    }

    @Test
    void listsShowMineMyTeamsAndWhatAwaitsMe() {
        var model = stubModel("standard");
        String mine = create(alice(), model.ref(), "payments-team", 4_000_000);
        var other = stubModel("open");
        String teammates = create(alice2(), other.ref(), "payments-team", 10);

        as(alice()).get(BASE + "/requests").then().statusCode(200)
                .body("items.id", hasItem(mine)).body("items.id", not(hasItem(teammates)));
        as(alice()).queryParam("view", "team").get(BASE + "/requests").then().statusCode(200)
                .body("items.id", hasItem(mine)).body("items.id", hasItem(teammates));
        as(bob()).queryParam("view", "team").get(BASE + "/requests").then().statusCode(200)
                .body("items.id", not(hasItem(mine)));
        as(carol()).queryParam("view", "approvals").get(BASE + "/requests").then().statusCode(200)
                .body("items.id", hasItem(mine)).body("items.id", not(hasItem(teammates)));
        as(bob()).queryParam("view", "approvals").get(BASE + "/requests").then().statusCode(200)
                .body("items.id", not(hasItem(mine)));
        as(alice()).queryParam("view", "all").get(BASE + "/requests").then().statusCode(403);
        as(admin()).queryParam("view", "all").queryParam("state", "pending_approval").get(BASE + "/requests").then().statusCode(200)
                .body("items.id", hasItem(mine));
        as(alice()).queryParam("view", "team").queryParam("team", "checkout-team").get(BASE + "/requests").then().statusCode(403);
    }

    @Test
    void pagesFollowTheCursorWithoutRepeats() {
        for (int i = 0; i < 5; i++) {
            create(bob(), stubModel("standard").ref(), "checkout-team", 7_000_000);
        }
        JsonPath first = as(bob()).queryParam("limit", "2").get(BASE + "/requests").then().statusCode(200).extract().jsonPath();
        List<String> seen = new java.util.ArrayList<>(first.getList("items.id"));
        String cursor = first.getString("nextCursor");
        while (cursor != null) {
            JsonPath page = as(bob()).queryParam("cursor", cursor).queryParam("limit", "2").get(BASE + "/requests").then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        }
        assertTrue(seen.size() >= 5);
        assertEquals(seen.size(), new java.util.HashSet<>(seen).size());
        as(bob()).queryParam("cursor", "garbage").get(BASE + "/requests").then().statusCode(400);
        as(bob()).queryParam("limit", "0").get(BASE + "/requests").then().statusCode(400).body("errors.field", contains("limit"));
    }

    @Test
    void anotherTeamCannotReadARequestButItsApproverCan() {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 4_000_000);
        as(bob()).get(BASE + "/requests/" + id).then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        as(carol()).get(BASE + "/requests/" + id).then().statusCode(200);
        as(admin()).get(BASE + "/requests/" + id).then().statusCode(200);
        as(alice()).get(BASE + "/requests/" + UUID.randomUUID()).then().statusCode(404);
        as(alice()).get(BASE + "/requests/not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void theKeyIsShownOnlyToTheTeamAndOnlyOnce() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        as(bob()).post(BASE + "/requests/" + id + "/key").then().statusCode(403);
        as(alice2()).post(BASE + "/requests/" + id + "/key").then().statusCode(200);
        as(alice()).post(BASE + "/requests/" + id + "/key").then().statusCode(409);
        JsonPath r = get(alice(), id);
        assertTrue(r.getBoolean("key.revealed"));
    }

    @Test
    void thePolicyIsReadable() {
        as(bob()).get(BASE + "/policy").then().statusCode(200)
                .body("standardAutoApproveMaxMonthlyTokens", equalTo(1_000_000))
                .body("identityProvider", equalTo("keycloak"))
                .body("secretsStore", equalTo("builtin"));
    }
}
