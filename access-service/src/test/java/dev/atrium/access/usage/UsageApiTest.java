package dev.atrium.access.usage;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.access.support.AccessTestSupport;
import dev.atrium.access.support.CatalogEntities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Usage reports from gateways (idempotent, checked) and the totals dashboards read. */
@QuarkusTest
class UsageApiTest extends AccessTestSupport {

    private record Grant(String key, String keyId, String model) {
    }

    private Grant grant(String token, String team, String costCenter) {
        var m = stubModel(CatalogEntities.model(unique("u")).costCenter(costCenter));
        String key = activeKey(token, m.ref(), team, 1_000_000);
        return new Grant(key, verify(key, m.ref()).getString("keyId"), m.ref());
    }

    private static Map<String, Object> usage(String id, Grant g, long tokens) {
        return Map.of("id", id, "keyId", g.keyId(), "model", g.model(), "tokens", tokens);
    }

    @Test
    void reportsAreCountedOnceByIdAndReduceTheRemainingBudget() {
        Grant g = grant(alice(), "payments-team", "CC-1");
        String id = UUID.randomUUID().toString();
        as(gateway()).body(usage(id, g, 1500)).post(BASE + "/usage").then().statusCode(202)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        as(gateway()).body(List.of(usage(id, g, 1500), usage(UUID.randomUUID().toString(), g, 500))).post(BASE + "/usage").then()
                .statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        assertEquals(2000, count("SELECT tokens FROM key_month_usage WHERE key_id = ?::uuid", g.keyId()));
        assertEquals(2, count("SELECT count(*) FROM usage_record WHERE key_id = ?::uuid", g.keyId()));
        long deadline = System.currentTimeMillis() + 2000;
        long remaining = 0;
        while (System.currentTimeMillis() < deadline && remaining != 998_000) {
            remaining = verify(g.key(), g.model()).getLong("remainingTokens");
        }
        assertEquals(998_000, remaining);
    }

    @Test
    void onlyGatewaysAndServicesReport() {
        Grant g = grant(alice(), "payments-team", "CC-1");
        as(alice()).body(usage(UUID.randomUUID().toString(), g, 5)).post(BASE + "/usage").then().statusCode(403);
        as(dev.atrium.commons.testing.TestTokens.token("svc", List.of("services"), java.util.Set.of("atrium-service")))
                .body(usage(UUID.randomUUID().toString(), g, 5)).post(BASE + "/usage").then().statusCode(202);
        assertEquals(5, count("SELECT tokens FROM key_month_usage WHERE key_id = ?::uuid", g.keyId()));
    }

    @Test
    void aBadRecordRejectsTheWholeReportAndStoresNothing() {
        Grant g = grant(alice(), "payments-team", "CC-1");
        Map<String, Object> good = usage(UUID.randomUUID().toString(), g, 5);
        List<Map<String, Object>> bad = new ArrayList<>();
        for (Map.Entry<String, Object> e : List.<Map.Entry<String, Object>>of(Map.entry("id", ""), Map.entry("tokens", -1),
                Map.entry("tokens", 2_000_000_000L), Map.entry("model", "bad model"),
                Map.entry("time", Instant.now().minus(60, ChronoUnit.DAYS).toString()),
                Map.entry("time", Instant.now().plus(1, ChronoUnit.HOURS).toString()))) {
            Map<String, Object> r = new HashMap<>(usage(UUID.randomUUID().toString(), g, 5));
            r.put(e.getKey(), e.getValue());
            bad.add(r);
        }
        for (Map<String, Object> r : bad) {
            as(gateway()).body(List.of(good, r)).post(BASE + "/usage").then().statusCode(400).body("errors[0].field", equalTo("[1]." + fieldOf(r, good)));
        }
        as(gateway()).body("{\"id\":\"x\",\"keyId\":\"not-a-uuid\",\"model\":\"m\",\"tokens\":1}").post(BASE + "/usage").then().statusCode(400);
        as(gateway()).body("[]").post(BASE + "/usage").then().statusCode(400);
        as(gateway()).body("42").post(BASE + "/usage").then().statusCode(400);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(usage("bulk-" + i, g, 1));
        }
        as(gateway()).body(tooMany).post(BASE + "/usage").then().statusCode(400);
        assertEquals(0, count("SELECT count(*) FROM usage_record WHERE key_id = ?::uuid", g.keyId()));
        assertEquals(0, count("SELECT count(*) FROM key_month_usage WHERE key_id = ?::uuid", g.keyId()));
    }

    private static String fieldOf(Map<String, Object> r, Map<String, Object> good) {
        for (String k : List.of("tokens", "model", "time")) {
            if (r.containsKey(k) && !r.get(k).equals(good.get(k))) {
                return k;
            }
        }
        return "id";
    }

    @Test
    void unknownKeysAndModelsOutsideTheScopeAre422() {
        Grant g = grant(alice(), "payments-team", "CC-1");
        as(gateway()).body(Map.of("id", "u1", "keyId", UUID.randomUUID().toString(), "model", g.model(), "tokens", 1)).post(BASE + "/usage")
                .then().statusCode(422).body("errors[0].message", equalTo("no such key"));
        as(gateway()).body(Map.of("id", "u2", "keyId", g.keyId(), "model", "aimodel:default/other", "tokens", 1)).post(BASE + "/usage")
                .then().statusCode(422);
        assertEquals(0, count("SELECT count(*) FROM usage_record WHERE id IN ('u1', 'u2')"));
    }

    @Test
    void totalsGroupByTeamModelAndCostCenterOverAPeriod() {
        String cc = unique("CC");
        Grant a = grant(alice(), "payments-team", cc);
        Grant b = grant(bob(), "checkout-team", cc);
        Instant lastWeek = Instant.now().minus(7, ChronoUnit.DAYS);
        as(gateway()).body(List.of(
                Map.of("id", UUID.randomUUID().toString(), "keyId", a.keyId(), "model", a.model(), "tokens", 100),
                Map.of("id", UUID.randomUUID().toString(), "keyId", b.keyId(), "model", b.model(), "tokens", 250),
                Map.of("id", UUID.randomUUID().toString(), "keyId", b.keyId(), "model", b.model(), "tokens", 50, "time", lastWeek.toString())))
                .post(BASE + "/usage").then().statusCode(202).body("accepted", equalTo(3));

        JsonPath byCc = as(bob()).queryParam("groupBy", "costCenter").queryParam("from", lastWeek.minusSeconds(60).toString())
                .get(BASE + "/usage").then().statusCode(200).extract().jsonPath();
        assertEquals(400, byCc.getLong("totals.find { it.group == '" + cc + "' }.tokens"));
        JsonPath byModel = as(alice()).queryParam("groupBy", "model").queryParam("from", lastWeek.minusSeconds(60).toString())
                .get(BASE + "/usage").then().statusCode(200).extract().jsonPath();
        assertEquals(300, byModel.getLong("totals.find { it.group == '" + b.model() + "' }.tokens"));
        assertEquals(2, byModel.getLong("totals.find { it.group == '" + b.model() + "' }.records"));
        JsonPath recent = as(alice()).queryParam("groupBy", "team").queryParam("model", b.model())
                .queryParam("from", Instant.now().minus(1, ChronoUnit.DAYS).toString()).get(BASE + "/usage").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(250, recent.getLong("totals.find { it.group == 'group:default/checkout-team' }.tokens"));
        assertEquals(250, recent.getLong("totalTokens"));

        JsonPath daily = as(bob()).queryParam("groupBy", "team").queryParam("bucket", "day").queryParam("team", "checkout-team")
                .queryParam("model", b.model()).queryParam("from", lastWeek.minus(1, ChronoUnit.DAYS).toString())
                .get(BASE + "/usage").then().statusCode(200).extract().jsonPath();
        assertEquals("day", daily.getString("bucket"));
        assertEquals(List.of(lastWeek.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString(),
                Instant.now().atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString()), daily.getList("totals.day"));
        assertEquals(List.of(50, 250), daily.getList("totals.tokens"));
    }

    @Test
    void badUsageQueriesAre400() {
        as(alice()).queryParam("groupBy", "user").get(BASE + "/usage").then().statusCode(400).body("errors[0].field", equalTo("groupBy"));
        as(alice()).queryParam("bucket", "hour").get(BASE + "/usage").then().statusCode(400).body("errors[0].field", equalTo("bucket"));
        as(alice()).queryParam("from", "yesterday").get(BASE + "/usage").then().statusCode(400).body("errors[0].field", equalTo("from"));
        as(alice()).queryParam("from", "2026-12-02").queryParam("to", "2026-12-01").get(BASE + "/usage").then().statusCode(400);
        as(alice()).queryParam("from", "2020-01-01").queryParam("to", "2026-01-01").get(BASE + "/usage").then().statusCode(400);
        as(alice()).queryParam("team", "not a team").get(BASE + "/usage").then().statusCode(400).body("errors.field", hasItems("team"));
    }
}
