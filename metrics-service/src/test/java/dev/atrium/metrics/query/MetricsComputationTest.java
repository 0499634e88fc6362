package dev.atrium.metrics.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.atrium.metrics.support.MetricsTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every metric computed from a small, hand-checked history of one team (values worked out in the
 * comments), read back through GET /metrics/{name} as JSON and CSV, and /summary.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsComputationTest extends MetricsTestSupport {
    private static final String METRICS = "/api/metrics/v1/metrics/";
    private final String team = unique("team");
    private final String eng = unique("eng");
    private final String service = unique("svc");
    private final String repo = "org/" + service;
    private final String template = "template:default/" + unique("tpl");
    private final LocalDate start = week(8);
    private final LocalDate a = week(3);

    private Instant inA(int days, int hours) {
        return at(3, days, hours);
    }

    private Instant startPlus(int days) {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(days * 86400L);
    }

    private boolean loaded;

    /** Once per class, but in @BeforeEach: REST Assured points at the test application only from there. */
    @BeforeEach
    void history() {
        if (loaded) {
            return;
        }
        loaded = true;
        importEngineers(csv("username,startDate,team",
                eng + "-1," + start + "," + team, eng + "-2," + start + "," + team,
                eng + "-3," + start + "," + team, eng + "-4," + start + "," + team));
        List<Map<String, Object>> ev = list();
        // TTFC: first merges after 1, 2 and 5 days; engineer 4 has none yet; a later merge of engineer 1 is not the first.
        ev.add(event("pr.merged", null, team, startPlus(1), "repository", "org/onboarding", "number", 1, "author", eng + "-1", "mergedAt", startPlus(1).toString()));
        ev.add(event("pr.merged", null, team, startPlus(2), "repository", "org/onboarding", "number", 2, "author", eng + "-2", "mergedAt", startPlus(2).toString()));
        ev.add(event("pr.merged", null, team, startPlus(5), "repository", "org/onboarding", "number", 3, "author", eng + "-3", "mergedAt", startPlus(5).toString()));
        ev.add(event("pr.merged", null, team, startPlus(10), "repository", "org/onboarding", "number", 4, "author", eng + "-1", "mergedAt", startPlus(10).toString()));
        // Adoption: three of four engineers active in week A, one in week A+1.
        for (int i = 1; i <= 3; i++) {
            ev.add(event("page.viewed", eng + "-" + i, team, inA(i, 9), "path", "/catalog"));
            ev.add(event("page.viewed", eng + "-" + i, team, inA(i, 10), "path", "/create"));
        }
        ev.add(event("page.viewed", eng + "-1", team, at(2, 1, 9), "path", "/"));
        // Self-service, new-service: 3 completed in the portal, 1 failed (not counted), 1 ticket -> 3/4.
        for (int i = 0; i < 3; i++) {
            ev.add(event("task.finished", eng + "-1", team, inA(1, 11 + i), "taskId", unique("t"), "template", template,
                    "templateOwner", "group:default/" + team, "workflow", "new-service", "status", "completed", "durationMs", 42000));
        }
        ev.add(event("task.finished", eng + "-2", team, inA(2, 11), "taskId", unique("t"), "template", template,
                "templateOwner", "group:default/" + team, "workflow", "new-service", "status", "failed", "durationMs", 1000));
        ev.add(event("ticket.opened", eng + "-2", team, inA(2, 12), "workflow", "new-service", "ticketId", "INC-1", "source", "jira"));
        // access-request: the provisioning counts, the scaffolder task that asked for it does not; 1 ticket -> 1/2.
        ev.add(event("access.provisioned", eng + "-3", team, inA(2, 13), "requestId", unique("r"), "model", "aimodel:default/gpt-gateway",
                "tier", "open", "workflow", "access-request", "durationMs", 90000));
        ev.add(event("task.finished", eng + "-3", team, inA(2, 12), "taskId", unique("t"), "template", "template:default/ai",
                "templateOwner", "group:default/" + team, "workflow", "access-request", "status", "completed", "durationMs", 3000));
        ev.add(event("ticket.opened", eng + "-3", team, inA(2, 14), "workflow", "access-request", "ticketId", "INC-2", "source", "jira"));
        // Discovery: clicks after 10 s and 30 s (a later second click ignored), one search without a click, one clicked
        // after two hours (beyond the 30-minute window) -> 2/4 clicked, median 20 s, p90 28 s.
        String s = unique("search");
        search(ev, s + "-1", inA(3, 9), 10);
        search(ev, s + "-2", inA(3, 10), 30);
        ev.add(event("search.result.clicked", eng + "-2", team, inA(3, 10).plusSeconds(100), "searchId", s + "-2",
                "entityRef", "component:default/y", "rank", 2));
        ev.add(event("search.performed", eng + "-3", team, inA(3, 11), "searchId", s + "-3", "query", "nothing"));
        search(ev, s + "-4", inA(3, 12), 7200);
        ev.add(event("survey.answered", eng + "-1", team, inA(3, 13), "survey", "discovery", "found", true));
        ev.add(event("survey.answered", eng + "-2", team, inA(3, 13), "survey", "discovery", "found", true));
        ev.add(event("survey.answered", eng + "-3", team, inA(3, 13), "survey", "discovery", "found", false));
        // DORA for one service: merges m1, m2 on day 0; d1 ok day 1 (lead times 24 h, 22 h); m3 day 2; d2 fails day 2;
        // d3 ok day 3 (m3: 24 h). Incident i1 caused by d1 (3 h to restore), i2 (1 h).
        ev.add(event("pr.merged", null, team, inA(0, 10), "repository", repo, "number", 1, "author", "x", "mergedAt", inA(0, 10).toString()));
        ev.add(event("pr.merged", null, team, inA(0, 12), "repository", repo, "number", 2, "author", "y", "mergedAt", inA(0, 12).toString()));
        ev.add(deploy("d1-" + service, inA(1, 10), "success"));
        ev.add(event("pr.merged", null, team, inA(2, 10), "repository", repo, "number", 3, "author", "z", "mergedAt", inA(2, 10).toString()));
        ev.add(deploy("d2-" + service, inA(2, 12), "failure"));
        ev.add(deploy("d3-" + service, inA(3, 10), "success"));
        ev.add(event("incident.opened", null, team, inA(1, 12), "incidentId", "i1-" + service, "service", service, "deploymentId", "d1-" + service));
        ev.add(event("incident.resolved", null, team, inA(1, 15), "incidentId", "i1-" + service, "service", service));
        ev.add(event("incident.opened", null, team, inA(3, 0), "incidentId", "i2-" + service, "service", service));
        ev.add(event("incident.resolved", null, team, inA(3, 1), "incidentId", "i2-" + service, "service", service));
        // Template feedback: 2 of 3 as expected; two comments.
        ev.add(templateAnswer(eng + "-1", team, inA(4, 9), template, "group:default/" + team, true, ""));
        ev.add(templateAnswer(eng + "-2", team, inA(4, 10), template, "group:default/" + team, true, "more docs"));
        ev.add(templateAnswer(eng + "-3", team, inA(4, 11), template, "group:default/" + team, false, "broken link"));
        send(ev);
    }

    private void search(List<Map<String, Object>> ev, String id, Instant t, int clickAfterSeconds) {
        ev.add(event("search.performed", eng + "-1", team, t, "searchId", id, "query", "payments"));
        ev.add(event("search.result.clicked", eng + "-1", team, t.plusSeconds(clickAfterSeconds), "searchId", id,
                "entityRef", "component:default/x", "rank", 1));
    }

    private Map<String, Object> deploy(String id, Instant t, String status) {
        return event("deployment.finished", null, team, t, "deploymentId", id, "service", "component:default/" + service,
                "environment", "production", "status", status, "repository", repo);
    }

    private JsonPath read(String metric, String query) {
        return given().auth().oauth2(alice()).get(METRICS + metric + "?team=" + team + "&from=" + a + "&to=" + a + query)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void adoptionIsWeeklyActiveUsersOverEngineersWithTheTargetFlag() {
        JsonPath r = given().auth().oauth2(alice()).get(METRICS + "adoption?team=" + team + "&from=" + a + "&to=" + a.plusDays(7))
                .then().statusCode(200).body("target", equalTo(0.6f)).body("unit", equalTo("ratio")).extract().jsonPath();
        List<Map<String, Object>> points = r.getList("points");
        org.junit.jupiter.api.Assertions.assertEquals(2, points.size(), points.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0.75f, r.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(3, r.getInt("points[0].count"));
        org.junit.jupiter.api.Assertions.assertEquals(4.0f, r.getFloat("points[0].denominator"));
        org.junit.jupiter.api.Assertions.assertFalse(r.getBoolean("points[0].belowTarget"));
        org.junit.jupiter.api.Assertions.assertEquals(0.25f, r.getFloat("points[1].value"));
        org.junit.jupiter.api.Assertions.assertTrue(r.getBoolean("points[1].belowTarget"));
    }

    @Test
    void selfServiceRatePerWorkflowCountsTicketsAndNotFailedOrDoubleCountedTasks() {
        JsonPath r = read("self-service-rate", "");
        org.junit.jupiter.api.Assertions.assertEquals(0.5f, r.getFloat("points.find { it.dimension == 'access-request' }.value"));
        org.junit.jupiter.api.Assertions.assertEquals(2.0f, r.getFloat("points.find { it.dimension == 'access-request' }.denominator"));
        org.junit.jupiter.api.Assertions.assertEquals(0.75f, r.getFloat("points.find { it.dimension == 'new-service' }.value"));
        org.junit.jupiter.api.Assertions.assertEquals(3.0f, r.getFloat("points.find { it.dimension == 'new-service' }.numerator"));
        JsonPath one = read("self-service-rate", "&workflow=new-service");
        org.junit.jupiter.api.Assertions.assertEquals(1, one.getList("points").size());
    }

    @Test
    void discoveryTimeAndFoundShareAndALateEventRecomputesItsWeek() {
        JsonPath r = read("discovery-time", "");
        org.junit.jupiter.api.Assertions.assertEquals(20.0f, r.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(28.0f, r.getFloat("points[0].p90"));
        org.junit.jupiter.api.Assertions.assertEquals(2.0f, r.getFloat("points[0].numerator"));
        org.junit.jupiter.api.Assertions.assertEquals(4.0f, r.getFloat("points[0].denominator"));
        org.junit.jupiter.api.Assertions.assertEquals(0.6667f, read("discovery-found", "").getFloat("points[0].value"));

        // A search from week A arriving now (late) moves week A's median to 30 s and its share to 3/5.
        List<Map<String, Object>> late = list();
        search(late, unique("late"), inA(5, 9), 40);
        send(late);
        JsonPath again = read("discovery-time", "");
        org.junit.jupiter.api.Assertions.assertEquals(30.0f, again.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(5.0f, again.getFloat("points[0].denominator"));
    }

    @Test
    void doraMetricsForTheTeamAndPerService() {
        org.junit.jupiter.api.Assertions.assertEquals(2.0f, read("deployment-frequency", "").getFloat("points[0].value"));
        JsonPath lead = read("lead-time", "");
        org.junit.jupiter.api.Assertions.assertEquals(24.0f, lead.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(3, lead.getInt("points[0].count"));
        JsonPath cfr = read("change-failure-rate", "");
        org.junit.jupiter.api.Assertions.assertEquals(0.6667f, cfr.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(3.0f, cfr.getFloat("points[0].denominator"));
        JsonPath ttr = read("time-to-restore", "");
        org.junit.jupiter.api.Assertions.assertEquals(2.0f, ttr.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(2.8f, ttr.getFloat("points[0].p90"));
        JsonPath perService = read("deployment-frequency", "&service=component:default/" + service);
        org.junit.jupiter.api.Assertions.assertEquals(service, perService.getString("points[0].dimension"));
        org.junit.jupiter.api.Assertions.assertEquals(2.0f, perService.getFloat("points[0].value"));
        given().auth().oauth2(alice()).get(METRICS + "lead-time?groupBy=service&from=" + a + "&to=" + a).then().statusCode(200)
                .body("points.dimension", hasItem(service)).body("points.team", hasItem("all"));
    }

    @Test
    void timeToFirstContributionPerCohortWithMedianP90AndTarget() {
        JsonPath r = given().auth().oauth2(alice())
                .get(METRICS + "time-to-first-contribution?team=" + team + "&from=" + start.minusDays(1) + "&to=" + start.plusDays(1))
                .then().statusCode(200).body("target", equalTo(3.0f)).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(start.withDayOfMonth(1).toString(), r.getString("points[0].period"));
        org.junit.jupiter.api.Assertions.assertEquals(2.0f, r.getFloat("points[0].p50"));
        org.junit.jupiter.api.Assertions.assertEquals(4.4f, r.getFloat("points[0].p90"));
        org.junit.jupiter.api.Assertions.assertEquals(3, r.getInt("points[0].count"));
        org.junit.jupiter.api.Assertions.assertEquals(4.0f, r.getFloat("points[0].denominator"));
        org.junit.jupiter.api.Assertions.assertFalse(r.getBoolean("points[0].belowTarget"));
    }

    @Test
    void perEngineerTtfcIsForPlatformAdminsOnly() {
        String q = "?team=" + team + "&from=" + start.minusDays(1) + "&to=" + start.plusDays(1);
        given().auth().oauth2(alice()).get(METRICS + "time-to-first-contribution/engineers" + q).then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        given().auth().oauth2(admin()).get(METRICS + "time-to-first-contribution/engineers" + q).then().statusCode(200)
                .body("$", hasSize(4))
                .body("find { it.username == '" + eng + "-3' }.days", equalTo(5.0f))
                .body("find { it.username == '" + eng + "-4' }.days", nullValue());
    }

    @Test
    void smallCohortsHideTheirStatisticsFromEveryoneButAdmins() {
        String small = unique("tiny");
        importEngineers(csv("username,startDate,team", small + "-1," + start + "," + small));
        send(event("pr.merged", null, small, startPlus(4), "repository", "org/x", "number", 1, "author", small + "-1",
                "mergedAt", startPlus(4).toString()));
        String q = METRICS + "time-to-first-contribution?team=" + small + "&from=" + start + "&to=" + start;
        given().auth().oauth2(alice()).get(q).then().statusCode(200)
                .body("points[0].suppressed", equalTo(true)).body("points[0].p50", nullValue()).body("points[0].denominator", equalTo(1.0f));
        given().auth().oauth2(admin()).get(q).then().statusCode(200).body("points[0].p50", equalTo(4.0f));
    }

    @Test
    void templateFeedbackSharesAndLatestCommentsWithoutWhoSaidIt() {
        JsonPath r = given().auth().oauth2(alice()).get(METRICS + "template-feedback?team=" + team + "&from=" + a + "&to=" + a.plusDays(6))
                .then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(template, r.getString("points[0].dimension"));
        org.junit.jupiter.api.Assertions.assertEquals(0.6667f, r.getFloat("points[0].value"));
        org.junit.jupiter.api.Assertions.assertEquals(3, r.getInt("points[0].count"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of("broken link", "more docs"), r.getList("comments.text"));
        org.junit.jupiter.api.Assertions.assertNull(r.get("comments[0].actor"));
        given().auth().oauth2(admin()).get(METRICS + "template-feedback?team=" + team + "&from=" + a + "&to=" + a.plusDays(6))
                .then().statusCode(200).body("comments[0].actor", equalTo(eng + "-3"));
    }

    @Test
    void csvForTheSameRead() {
        String body = given().auth().oauth2(alice()).accept("text/csv")
                .get(METRICS + "adoption?team=" + team + "&from=" + a + "&to=" + a)
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String[] lines = body.split("\r\n");
        org.junit.jupiter.api.Assertions.assertEquals(MetricCsvWriter.HEADER, lines[0]);
        org.junit.jupiter.api.Assertions.assertEquals("adoption," + a + "," + team + ",,0.75,3,3,4,,,false,", lines[1]);
        org.junit.jupiter.api.Assertions.assertEquals(2, lines.length);
    }

    @Test
    void groupByTeamListsTheOrganisationAndTheTeam() {
        given().auth().oauth2(alice()).get(METRICS + "adoption?groupBy=team&from=" + a + "&to=" + a).then().statusCode(200)
                .body("points.team", hasItems("all", team));
        given().auth().oauth2(alice()).get(METRICS + "adoption?from=" + a + "&to=" + a).then().statusCode(200)
                .body("points.team", org.hamcrest.Matchers.everyItem(equalTo("all")));
    }

    @Test
    void summaryForTheHub() {
        given().auth().oauth2(alice()).get("/api/metrics/v1/summary?team=" + team).then().statusCode(200)
                .body("team", equalTo(team)).body("adoptionTarget", equalTo(0.6f)).body("ttfcTargetDays", equalTo(3.0f))
                .body("adoptionTrend.find { it.period == '" + a + "' }.value", equalTo(0.75f))
                .body("week", equalTo(week(1).toString()));
        given().auth().oauth2(alice()).get("/api/metrics/v1/summary").then().statusCode(200).body("team", equalTo("all"));
    }

    @Test
    void listsEveryMetric() {
        given().auth().oauth2(alice()).get("/api/metrics/v1/metrics").then().statusCode(200)
                .body("name", hasItems("time-to-first-contribution", "self-service-rate", "adoption", "discovery-time",
                        "discovery-found", "deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore",
                        "template-feedback"));
    }

    @Test
    void badQueryParametersAre400AndUnknownMetricsAre404() {
        String[] bad = {
            "adoption?from=yesterday", "adoption?to=2026-13-01", "adoption?granularity=month", "adoption?granularity=hour",
            "adoption?from=2026-05-02&to=2026-05-01", "adoption?from=2020-01-01&to=2026-01-01", "adoption?workflow=new-service",
            "self-service-rate?service=x", "adoption?groupBy=colour", "adoption?team=bad%20team!", "adoption?groupBy=team&team=x",
            "template-feedback?comments=99", "template-feedback?comments=many", "time-to-first-contribution?granularity=day"};
        for (String q : bad) {
            given().auth().oauth2(alice()).get(METRICS + q).then().statusCode(400).body("error.name", equalTo("InputError"))
                    .body("errors", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty()));
        }
        given().auth().oauth2(alice()).get(METRICS + "happiness").then().statusCode(404).body("error.message", containsString("happiness"));
        given().auth().oauth2(alice()).get("/api/metrics/v1/summary?team=bad%20team!").then().statusCode(400);
        given().auth().oauth2(admin()).get(METRICS + "time-to-first-contribution/engineers?from=nope").then().statusCode(400);
    }
}
