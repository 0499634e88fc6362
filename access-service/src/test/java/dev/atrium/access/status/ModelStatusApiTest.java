package dev.atrium.access.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.access.support.AccessTestSupport;
import dev.atrium.access.support.CatalogEntities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model status from lifecycle and health probes (WireMock endpoints), and owners' overrides. */
@QuarkusTest
class ModelStatusApiTest extends AccessTestSupport {

    @Inject
    ModelStatusService service;

    private void catalogLists(List<CatalogEntities.Model> models) {
        ObjectNode page = new ObjectMapper().createObjectNode();
        ArrayNode items = page.putArray("items");
        models.forEach(m -> items.add(m.json()));
        page.put("totalItems", models.size());
        page.putObject("pageInfo");
        stubs().register(WireMock.get(urlPathEqualTo("/api/catalog/entities/by-query"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(page.toString())));
    }

    private String health(String name, int status, int delayMs) {
        stubs().register(WireMock.get(urlEqualTo("/health/" + name)).willReturn(aResponse().withStatus(status).withFixedDelay(delayMs)));
        return stubUrl + "/health/" + name;
    }

    @Test
    void probesAndLifecycleDecideTheStatus() {
        var healthy = CatalogEntities.model(unique("ok"));
        healthy.healthUrl(health(healthy.name(), 200, 0));
        var failing = CatalogEntities.model(unique("err"));
        failing.healthUrl(health(failing.name(), 503, 0));
        var slow = CatalogEntities.model(unique("slow"));
        slow.healthUrl(health(slow.name(), 200, 3000));
        var old = CatalogEntities.model(unique("old")).lifecycle("deprecated");
        var unprobed = CatalogEntities.model(unique("none"));
        var ftp = CatalogEntities.model(unique("ftp")).healthUrl("ftp://example.com/health");
        catalogLists(List.of(healthy, failing, slow, old, unprobed, ftp));

        assertEquals(3, service.probeRound());

        JsonPath all = as(bob()).get(BASE + "/models/status").then().statusCode(200).extract().jsonPath();
        assertEquals("operational", status(all, healthy));
        assertEquals("degraded", status(all, failing));
        assertEquals("HTTP 503", all.getString("find { it.modelRef == '" + failing.ref() + "' }.lastError"));
        assertEquals("degraded", status(all, slow));
        assertEquals("deprecated", status(all, old));
        assertEquals("lifecycle", all.getString("find { it.modelRef == '" + old.ref() + "' }.source"));
        assertEquals("unknown", status(all, unprobed));
        assertEquals("unknown", status(all, ftp));
        as(bob()).get(BASE + "/models/aimodel/default/" + healthy.name() + "/status").then().statusCode(200)
                .body("status", equalTo("operational")).body("source", equalTo("probe"));
        as(bob()).get(BASE + "/models/aimodel/default/" + unique("x") + "/status").then().statusCode(404);

        stubs().register(WireMock.get(urlEqualTo("/health/" + failing.name())).willReturn(aResponse().withStatus(204)));
        service.probeRound();
        as(bob()).get(BASE + "/models/aimodel/default/" + failing.name() + "/status").then().body("status", equalTo("operational"));
    }

    private static String status(JsonPath all, CatalogEntities.Model m) {
        return all.getString("find { it.modelRef == '" + m.ref() + "' }.status");
    }

    @Test
    void theOwnerOverridesUntilItIsRemovedAndOthersCannot() {
        var model = CatalogEntities.model(unique("ov"));
        model.healthUrl(health(model.name(), 200, 0));
        catalogLists(List.of(model));
        service.probeRound();
        String path = BASE + "/models/aimodel/default/" + model.name() + "/status";
        String probed = as(bob()).get(path).then().statusCode(200).extract().path("status");
        long audits = count("SELECT count(*) FROM audit_record WHERE subject = ?", "model:" + model.ref());

        as(bob()).body(Map.of("status", "degraded", "reason", "x")).put(path).then().statusCode(403);
        as(carol()).body(Map.of("status", "sunny")).put(path).then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(carol()).body(Map.of("status", "degraded", "until", Instant.now().minusSeconds(5).toString())).put(path).then().statusCode(400);
        assertEquals(audits, count("SELECT count(*) FROM audit_record WHERE subject = ?", "model:" + model.ref()));

        as(carol()).body(Map.of("status", "degraded", "reason", "vendor incident INC-12")).put(path).then().statusCode(200)
                .body("status", equalTo("degraded")).body("source", equalTo("override")).body("overrideBy", equalTo("carol"));
        as(bob()).get(path).then().body("status", equalTo("degraded"));
        as(bob()).delete(path).then().statusCode(403);
        as(admin()).delete(path).then().statusCode(200).body("status", equalTo(probed)).body("source", equalTo("probe"));
        assertEquals(audits + 2, count("SELECT count(*) FROM audit_record WHERE subject = ?", "model:" + model.ref()));
    }
}
