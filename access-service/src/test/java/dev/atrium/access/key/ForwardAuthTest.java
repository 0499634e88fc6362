package dev.atrium.access.key;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.atrium.access.support.AccessTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forward-auth shape gateways call: key in Authorization, model in a header or the path, 200 or 401/403. */
@QuarkusTest
class ForwardAuthTest extends AccessTestSupport {
    private static final String FA = BASE + "/keys/forward-auth";
    private String key;
    private String model;
    private String modelName;

    @BeforeEach
    void grant() {
        var m = stubModel("open");
        model = m.ref();
        modelName = m.name();
        key = activeKey(alice(), model, "payments-team", 777);
    }

    @Test
    void aValidKeyAndModelHeaderIs200WithTeamAndBudgetHeaders() {
        given().header("Authorization", "Bearer " + key).header("X-Atrium-Model", modelName).get(FA).then().statusCode(200)
                .header("X-Atrium-Team", equalTo("group:default/payments-team"))
                .header("X-Atrium-Cost-Center", equalTo("CC-4200-ml-platform"))
                .header("X-Atrium-Remaining-Tokens", equalTo("777"))
                .header("X-Atrium-Model-Ref", equalTo(model));
    }

    @Test
    void theModelIsFoundInTheOriginalUriOrTheAppendedPath() {
        given().header("Authorization", "Bearer " + key).header("X-Original-URI", "/models/" + modelName + "/v1/chat/completions?x=1")
                .post(FA).then().statusCode(200);
        given().header("Authorization", "Bearer " + key).header("X-Forwarded-Uri", "/llm/models/" + modelName + "/v1/embeddings")
                .get(FA).then().statusCode(200);
        given().header("X-Api-Key", key).post(FA + "/models/" + modelName + "/v1/chat/completions").then().statusCode(200)
                .header("X-Atrium-Team", equalTo("group:default/payments-team"));
        given().header("Authorization", "Bearer " + key).delete(FA + "/models/" + modelName + "/v1/files/1").then().statusCode(200);
    }

    @Test
    void noOrABadKeyIs401WithAChallenge() {
        given().header("X-Atrium-Model", modelName).get(FA).then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"atrium-ai\""))
                .header("X-Atrium-Reason", equalTo("missing_key"));
        given().header("Authorization", "Bearer atrk_" + "x".repeat(43)).header("X-Atrium-Model", modelName).get(FA).then().statusCode(401)
                .header("X-Atrium-Reason", equalTo("unknown_key")).header("X-Atrium-Team", nullValue());
        given().header("Authorization", "Basic " + key).header("X-Atrium-Model", modelName).get(FA).then().statusCode(401);
    }

    @Test
    void aValidKeyForAnotherModelOrWithoutModelIs403() {
        given().header("Authorization", "Bearer " + key).header("X-Atrium-Model", "some-other-model").get(FA).then().statusCode(403)
                .header("X-Atrium-Reason", equalTo("model_not_in_scope"));
        given().header("Authorization", "Bearer " + key).get(FA).then().statusCode(403)
                .header("X-Atrium-Reason", equalTo("model_missing"));
        given().header("Authorization", "Bearer " + key).header("X-Original-URI", "/v1/chat/completions").get(FA).then().statusCode(403);
    }

    @Test
    void verifyJsonRejectsMissingFieldsWith400() {
        given().contentType("application/json").body("{\"model\":\"x\"}").post(BASE + "/keys/verify").then().statusCode(400)
                .body("errors[0].field", equalTo("key"));
        given().contentType("application/json").body("{\"key\":\"atrk_x\"}").post(BASE + "/keys/verify").then().statusCode(400)
                .body("errors[0].field", equalTo("model"));
        given().contentType("application/json").body("{\"key\":\"atrk_x\",\"model\":\"bad model\"}").post(BASE + "/keys/verify").then().statusCode(400);
        given().contentType("application/json").body("nope").post(BASE + "/keys/verify").then().statusCode(400);
        given().contentType("application/json").body("{\"key\":\"garbage\",\"model\":\"x\"}").post(BASE + "/keys/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("reason", equalTo("unknown_key"));
    }
}
