package dev.atrium.access.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.atrium.access.support.AccessTestSupport;
import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every endpoint needs a valid bearer token, except key verification and forward auth (the API key authenticates
 * itself); team-owned things answer 403 to other teams (the feature tests cover each case, this one lists them).
 */
@QuarkusTest
class AuthorizationTest extends AccessTestSupport {
    private static final String ID = "00000000-0000-0000-0000-000000000000";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "POST, /requests",
        "GET, /requests",
        "GET, /requests/" + ID,
        "POST, /requests/" + ID + "/approve",
        "POST, /requests/" + ID + "/reject",
        "POST, /requests/" + ID + "/revoke",
        "POST, /requests/" + ID + "/retry",
        "POST, /requests/" + ID + "/key",
        "POST, /requests/" + ID + "/recertify",
        "GET, /recertifications",
        "GET, /policy",
        "GET, /keys",
        "POST, /keys",
        "GET, /keys/" + ID,
        "POST, /keys/" + ID + "/rotate",
        "POST, /keys/" + ID + "/revoke",
        "POST, /usage",
        "GET, /usage",
        "GET, /models/status",
        "GET, /models/aimodel/default/x/status",
        "PUT, /models/aimodel/default/x/status",
        "DELETE, /models/aimodel/default/x/status",
        "GET, /announcements",
        "POST, /announcements",
        "GET, /audit",
        "GET, /audit/verify"
    })
    void withoutAValidTokenIs401(String method, String path) {
        given().contentType(ContentType.JSON).body("{}").request(method, BASE + path).then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2(TestTokens.expired("alice")).contentType(ContentType.JSON).body("{}").request(method, BASE + path)
                .then().statusCode(401);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{}").request(method, BASE + path).then().statusCode(401);
    }

    @Test
    void verificationAndForwardAuthNeedNoBearerToken() {
        given().contentType(ContentType.JSON).body(Map.of("key", "atrk_" + "a".repeat(43), "model", "m")).post(BASE + "/keys/verify")
                .then().statusCode(200).body("valid", equalTo(false));
        given().get(BASE + "/keys/forward-auth").then().statusCode(401);
    }

    @Test
    void anotherTeamGets403OnEverythingTeamOwned() {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 10);
        awaitActive(alice(), id);
        String keyId = as(alice()).get(BASE + "/requests/" + id).then().extract().path("key.id");
        String pending = create(alice(), stubModel("standard").ref(), "payments-team", 9_000_000);

        as(bob()).get(BASE + "/requests/" + id).then().statusCode(403);
        as(bob()).post(BASE + "/requests/" + id + "/key").then().statusCode(403);
        as(bob()).body(Map.of("reason", "x")).post(BASE + "/requests/" + id + "/revoke").then().statusCode(403);
        as(bob()).post(BASE + "/requests/" + id + "/retry").then().statusCode(403);
        as(bob()).body(Map.of("confirm", true)).post(BASE + "/requests/" + id + "/recertify").then().statusCode(403);
        as(bob()).body(Map.of()).post(BASE + "/requests/" + pending + "/approve").then().statusCode(403);
        as(bob()).body(Map.of("reason", "no")).post(BASE + "/requests/" + pending + "/reject").then().statusCode(403);
        as(bob()).get(BASE + "/keys/" + keyId).then().statusCode(403);
        as(bob()).body(Map.of()).post(BASE + "/keys/" + keyId + "/rotate").then().statusCode(403);
        as(bob()).body(Map.of()).post(BASE + "/keys/" + keyId + "/revoke").then().statusCode(403);
        as(bob()).body(Map.of("name", "n", "team", "payments-team", "models", List.of(model.ref()), "monthlyTokenBudget", 1))
                .post(BASE + "/keys").then().statusCode(403);
        as(bob()).body(request(model.ref(), "payments-team", 1)).post(BASE + "/requests").then().statusCode(403);
        as(bob()).queryParam("team", "payments-team").get(BASE + "/keys").then().statusCode(403);
        as(bob()).queryParam("team", "payments-team").get(BASE + "/audit").then().statusCode(403);
        as(bob()).get(BASE + "/audit/verify").then().statusCode(403);
        as(bob()).body(Map.of("id", "x", "keyId", keyId, "model", model.ref(), "tokens", 1)).post(BASE + "/usage").then().statusCode(403);
        as(bob()).body(Map.of("title", "t", "body", "b", "modelRef", model.ref())).post(BASE + "/announcements").then().statusCode(403);
        as(bob()).queryParam("view", "all").get(BASE + "/requests").then().statusCode(403);
    }
}
