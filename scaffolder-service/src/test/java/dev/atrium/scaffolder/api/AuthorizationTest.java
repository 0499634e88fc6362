package dev.atrium.scaffolder.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.commons.testing.TestTokens;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint needs a valid token; tasks belong to their creator, the template's owners and admins. */
@QuarkusTest
class AuthorizationTest extends ScaffolderTestSupport {
    static final String TASK = "00000000-0000-4000-8000-000000000000";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /api/scaffolder/v2/tasks",
        "POST, /api/scaffolder/v2/tasks",
        "GET, /api/scaffolder/v2/tasks/" + TASK,
        "GET, /api/scaffolder/v2/tasks/" + TASK + "/events",
        "GET, /api/scaffolder/v2/tasks/" + TASK + "/eventstream",
        "POST, /api/scaffolder/v2/tasks/" + TASK + "/cancel",
        "POST, /api/scaffolder/v2/tasks/" + TASK + "/retry",
        "POST, /api/scaffolder/v2/tasks/" + TASK + "/survey",
        "POST, /api/scaffolder/v2/tasks/" + TASK + "/steps/gate/approve",
        "POST, /api/scaffolder/v2/tasks/" + TASK + "/steps/gate/reject",
        "GET, /api/scaffolder/v2/templates/default/template/x/parameter-schema",
        "POST, /api/scaffolder/v2/templates/default/template/x/test",
        "GET, /api/scaffolder/v2/actions",
        "POST, /api/scaffolder/v2/actions/debug:log/invoke",
        "POST, /api/scaffolder/v2/dry-run",
        "GET, /api/scaffolder/v2/templating-extensions"
    })
    void withoutValidTokenIs401(String method, String path) {
        given().contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2(TestTokens.expired("alice")).contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401);
    }

    @Test
    void otherTeamGets403OnSomeoneElsesTaskOwnersAndAdminsDoNot() {
        String ref = stubTemplate("slow.yaml", "payments-team");
        String id = scaffold(alice(), ref, Map.of());
        String carol = TestTokens.user("carol", "ml-platform-team");
        as(carol).get(API + "/tasks/" + id).then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        as(carol).get(API + "/tasks/" + id + "/events").then().statusCode(403);
        as(carol).post(API + "/tasks/" + id + "/cancel").then().statusCode(403);
        as(carol).body("{}").post(API + "/tasks/" + id + "/retry").then().statusCode(403);
        as(carol).body(Map.of("expected", true)).post(API + "/tasks/" + id + "/survey").then().statusCode(403);
        assertEquals(0, as(carol).get(API + "/tasks").then().statusCode(200).extract().jsonPath().getList("tasks.findAll { it.id == '" + id + "' }").size());
        as(TestTokens.user("erin", "payments-team")).get(API + "/tasks/" + id).then().statusCode(200);
        as(admin()).get(API + "/tasks/" + id).then().statusCode(200);
        as(alice()).post(API + "/tasks/" + id + "/cancel").then().statusCode(200);
        awaitTask(alice(), id, "cancelled");
        assertEquals("cancelled", text("SELECT status FROM tasks WHERE id = ?::uuid", id));
    }

    @Test
    void actionPermissionIsCheckedOnDirectInvocation() {
        as(bob()).body(Map.of("model", "aimodel:default/gpt-gateway", "team", "payments-team", "useCase", "x"))
                .post(API + "/actions/toolchain:provision-ai-access/invoke").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        as(alice()).body(Map.of("message", 5)).post(API + "/actions/debug:log/invoke").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        as(alice()).body(Map.of()).post(API + "/actions/no:such/invoke").then().statusCode(404);
        as(alice()).body(Map.of("message", "hi")).post(API + "/actions/debug:log/invoke").then().statusCode(200)
                .body("log[0]", equalTo("hi"));
    }

    @Test
    void accessServiceUnavailableIsAClear503() {
        wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/auth/access-stub/api/access/v1/requests"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        as(alice()).body(Map.of("model", "aimodel:default/gpt-gateway", "team", "payments-team", "useCase", "a use case"))
                .post(API + "/actions/toolchain:provision-ai-access/invoke").then().statusCode(503)
                .body("error.message", org.hamcrest.Matchers.containsString("access-service unavailable"));
    }
}
