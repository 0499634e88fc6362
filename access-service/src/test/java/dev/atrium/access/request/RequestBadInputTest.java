package dev.atrium.access.request;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.atrium.access.support.AccessTestSupport;
import dev.atrium.access.support.CatalogEntities;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad request is a clear 4xx in the error body, and nothing is stored. */
@QuarkusTest
class RequestBadInputTest extends AccessTestSupport {
    private long requestsBefore;
    private long auditBefore;

    @BeforeEach
    void counts() {
        requestsBefore = count("SELECT count(*) FROM access_request");
        auditBefore = count("SELECT count(*) FROM audit_record WHERE action LIKE 'request.%'");
    }

    private void nothingStored() {
        assertEquals(requestsBefore, count("SELECT count(*) FROM access_request"));
        assertEquals(auditBefore, count("SELECT count(*) FROM audit_record WHERE action LIKE 'request.%'"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "modelRef|NULL", "modelRef|''", "modelRef|aimodel:default/has space", "modelRef|a:b:c/d",
        "team|NULL", "team|''", "team|user:default/alice", "team|bad team",
        "useCase|NULL", "useCase|'   '",
        "expectedMonthlyTokens|NULL", "expectedMonthlyTokens|0", "expectedMonthlyTokens|-5", "expectedMonthlyTokens|10000000001"
    })
    void invalidFieldsAre400WithTheFieldNamed(String field, String value) {
        Map<String, Object> body = new HashMap<>(request("aimodel:default/chat-assistant", "payments-team", 10));
        Object v = value;
        if (value != null && field.equals("expectedMonthlyTokens")) {
            v = Long.parseLong(value);
        }
        body.put(field, v);
        as(alice()).body(body).post(BASE + "/requests").then().statusCode(400)
                .body("status", equalTo(400))
                .body("error.name", equalTo("InputError"))
                .body("errors.field", hasItems(field));
        nothingStored();
    }

    @Test
    void allInvalidFieldsAreListedAtOnce() {
        as(alice()).body(Map.of("useCase", "x".repeat(2001), "expectedMonthlyTokens", 0)).post(BASE + "/requests").then().statusCode(400)
                .body("errors.field", hasItems("modelRef", "team", "useCase", "expectedMonthlyTokens"));
        nothingStored();
    }

    @Test
    void malformedJsonEmptyBodiesAndWrongTypesAre400() {
        as(alice()).body("{\"modelRef\": ").post(BASE + "/requests").then().statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).body("").post(BASE + "/requests").then().statusCode(400);
        as(alice()).body("{\"modelRef\":\"a\",\"team\":\"payments-team\",\"useCase\":\"x\",\"expectedMonthlyTokens\":\"lots\"}")
                .post(BASE + "/requests").then().statusCode(400);
        as(alice()).body("[]").post(BASE + "/requests").then().statusCode(400);
        nothingStored();
    }

    @Test
    void oversizeBodiesAre413() {
        as(alice()).body(Map.of("modelRef", "aimodel:default/x", "team", "payments-team", "useCase", "x".repeat(1_100_000),
                "expectedMonthlyTokens", 1)).post(BASE + "/requests").then().statusCode(413)
                .body("error.name", equalTo("PayloadTooLargeError"));
        nothingStored();
    }

    @Test
    void aTeamTheRequesterIsNotInIs403() {
        var model = stubModel("open");
        as(alice()).body(request(model.ref(), "checkout-team", 10)).post(BASE + "/requests").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        as(alice()).body(request(model.ref(), "payments-team-2", 10)).post(BASE + "/requests").then().statusCode(403);
        nothingStored();
    }

    @Test
    void anUnknownModelIs422() {
        as(alice()).body(request("aimodel:default/" + unique("nope"), "payments-team", 10)).post(BASE + "/requests").then()
                .statusCode(422).body("error.name", equalTo("UnprocessableError")).body("errors[0].field", equalTo("modelRef"));
        nothingStored();
    }

    @Test
    void somethingThatIsNotAModelIs422() {
        String name = unique("svc");
        catalogHas(CatalogEntities.component(name));
        as(alice()).body(request("component:default/" + name, "payments-team", 10)).post(BASE + "/requests").then().statusCode(422)
                .body("error.message", containsString("not an AIModel or Toolchain"));
        nothingStored();
    }

    @Test
    void requestAccessNoneIs422() {
        var model = stubModel(CatalogEntities.model(unique("n")).requestAccess("none"));
        as(alice()).body(request(model.ref(), "payments-team", 10)).post(BASE + "/requests").then().statusCode(422)
                .body("error.message", containsString("requestAccess.type: none"));
        nothingStored();
    }

    @Test
    void aDeprecatedModelIs422() {
        var model = stubModel(CatalogEntities.model(unique("d")).lifecycle("deprecated"));
        as(alice()).body(request(model.ref(), "payments-team", 10)).post(BASE + "/requests").then().statusCode(422)
                .body("error.message", containsString("deprecated"));
        nothingStored();
    }

    @Test
    void aToolchainUsingAnUnknownModelIs422() {
        String name = unique("tc");
        catalogHas(CatalogEntities.toolchain(name, "platform-team", "selfService", List.of("aimodel:default/" + unique("ghost"))));
        as(alice()).body(request("toolchain:default/" + name, "payments-team", 10)).post(BASE + "/requests").then().statusCode(422);
        nothingStored();
    }

    @Test
    void aCatalogOutageIs503AndStoresNothing() {
        String name = unique("down");
        stubs().register(WireMock.get(urlEqualTo("/api/catalog/entities/by-name/aimodel/default/" + name))
                .willReturn(aResponse().withStatus(502)));
        as(alice()).body(request("aimodel:default/" + name, "payments-team", 10)).post(BASE + "/requests").then().statusCode(503)
                .body("error.name", equalTo("ServiceUnavailableError"));
        nothingStored();
    }

    @Test
    void decisionsWithBadIdsOrReasonsAre400AndChangeNothing() {
        var model = stubModel("standard");
        String id = create(alice(), model.ref(), "payments-team", 8_000_000);
        long approvals = count("SELECT count(*) FROM request_approval");
        as(carol()).body(Map.of()).post(BASE + "/requests/nope/approve").then().statusCode(400);
        as(carol()).body(Map.of("reason", "x".repeat(1001))).post(BASE + "/requests/" + id + "/approve").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        as(carol()).body(Map.of("role", "platform-admin")).post(BASE + "/requests/" + id + "/approve").then().statusCode(409);
        as(carol()).body("{\"reason\": 5").post(BASE + "/requests/" + id + "/approve").then().statusCode(400);
        as(carol()).body(Map.of()).post(BASE + "/requests/" + id + "/recertify").then().statusCode(400)
                .body("errors[0].field", equalTo("confirm"));
        assertEquals(approvals, count("SELECT count(*) FROM request_approval"));
        assertEquals("PENDING_APPROVAL", get(alice(), id).getString("state"));
        as(alice()).queryParam("view", "everything").get(BASE + "/requests").then().statusCode(400);
        as(alice()).queryParam("state", "happy").get(BASE + "/requests").then().statusCode(400);
    }
}
