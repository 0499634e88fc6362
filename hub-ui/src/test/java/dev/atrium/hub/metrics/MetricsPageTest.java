package dev.atrium.hub.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DevEx metrics as SVG charts with target lines, the team filter, template feedback and CSV downloads. */
@QuarkusTest
class MetricsPageTest {

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.catalog();
        DemoStubs.metrics();
    }

    @Test
    void chartsShowTheFourMetricsWithTheirTargetLines() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var page = alice.get("/metrics");

        assertEquals(200, page.status(), page::html);
        var adoption = page.byId("adoption-chart");
        assertEquals(12, adoption.select("circle.dot").size(), "one point per week");
        assertEquals("Target 60 %", adoption.select("line.target").attr("data-target"));
        assertEquals("63 %", page.byId("adoption-latest").text());
        assertEquals(2, page.byId("self-service-chart").select("path.series").size(), "one line per workflow");
        var ttfc = page.byId("ttfc-chart");
        assertEquals("Target 3 days", ttfc.select("line.target").attr("data-target"));
        assertEquals(2, ttfc.select("path.series").size(), "median and 90th percentile");
        assertTrue(page.byId("discovery-chart").select("circle.dot").size() == 12);
        assertEquals("75 s", page.byId("discovery-latest").text());
        var feedback = page.byId("feedback-chart");
        assertEquals(3, feedback.select("rect.bar").size());
        assertTrue(feedback.text().contains("93 % of 41"));
        assertTrue(page.byId("feedback-comments").text().contains("Add a diagram example"));
        assertEquals("/metrics/export.csv?metric=adoption", page.byId("adoption-csv").attr("href"));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.METRICS + "/metrics/adoption"))
                .withHeader("Authorization", equalTo("Bearer " + TestUser.ALICE.accessToken())));
    }

    @Test
    void aWeekThatHasNotEndedIsMarkedAsSoFar() {
        java.time.LocalDate monday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).with(java.time.DayOfWeek.MONDAY);
        Stubs.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(Stubs.METRICS + "/metrics/adoption"))
                .willReturn(Stubs.json(200, "{\"metric\":\"adoption\",\"unit\":\"ratio\",\"granularity\":\"week\",\"target\":0.6,\"points\":["
                        + "{\"period\":\"" + monday.minusWeeks(1) + "\",\"team\":\"all\",\"value\":0.81},"
                        + "{\"period\":\"" + monday + "\",\"team\":\"all\",\"value\":0.02}]}")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var page = alice.get("/metrics");

        assertEquals(200, page.status(), page::html);
        var titles = page.byId("adoption-chart").select("circle.dot title").eachText();
        assertEquals(2, titles.size(), titles::toString);
        assertTrue(!titles.get(0).contains("so far") && titles.get(1).contains("(so far)"), titles::toString);
        assertEquals("2 %", page.byId("adoption-latest").text());
        assertTrue(page.byId("adoption-latest").parent().text().startsWith("this week so far"), page.byId("adoption-latest").parent()::text);
    }

    @Test
    void teamFilterAsksForThatTeamAndKeepsItInTheDownloads() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var page = alice.get("/metrics?team=payments-team");

        assertEquals(200, page.status());
        assertEquals("payments-team", page.byId("team-filter").select("option[selected]").attr("value"));
        assertEquals(6, page.byId("team-filter").select("option").size(), "the organisation and every team from the catalog");
        assertTrue(page.byId("metrics-scope").text().contains("payments-team"));
        assertEquals("/metrics/export.csv?metric=adoption&team=payments-team", page.byId("adoption-csv").attr("href"));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.METRICS + "/metrics/self-service-rate"))
                .withQueryParam("team", equalTo("payments-team")).withQueryParam("groupBy", equalTo("workflow")));
        assertEquals(400, alice.get("/metrics?team=Payments%20Team!").status());
    }

    @Test
    void htmxTeamChangeGetsOnlyThePanels() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var fragment = alice.htmx("/metrics?team=checkout-team");

        assertTrue(fragment.html().trim().startsWith("<div id=\"metric-panels\""));
    }

    @Test
    void csvDownloadIsTheMetricsServiceExport() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var r = alice.raw().get("/metrics/export.csv?metric=adoption&team=payments-team");

        assertEquals(200, r.statusCode());
        assertTrue(r.contentType().startsWith("text/csv"));
        assertTrue(r.header("Content-Disposition").startsWith("attachment; filename=\"adoption-payments-team-"));
        assertTrue(r.body().asString().startsWith("metric,period,team"));
        Stubs.server().verify(getRequestedFor(urlPathEqualTo(Stubs.METRICS + "/metrics/adoption"))
                .withHeader("Accept", containing("text/csv")).withQueryParam("team", equalTo("payments-team")));
    }

    @Test
    void csvOfAnUnknownMetricIs400() {
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");
        Stubs.server().resetRequests();

        assertEquals(400, alice.raw().get("/metrics/export.csv?metric=salaries").statusCode());
        assertEquals(400, alice.raw().get("/metrics/export.csv").statusCode());
        assertTrue(Stubs.requests(Stubs.METRICS + "/metrics/.*").isEmpty());
    }

    @Test
    void metricsServiceDownGivesTheErrorState() {
        Stubs.reset();
        DemoStubs.catalog();
        Stubs.down(Stubs.METRICS + "/metrics");
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var page = alice.get("/metrics");

        assertEquals(503, page.status());
        assertTrue(page.has("#metrics-unavailable"));
        assertEquals(503, alice.raw().get("/metrics/export.csv?metric=adoption").statusCode());
    }

    @Test
    void noDataShowsEmptyCharts() {
        Stubs.reset();
        DemoStubs.catalog();
        Stubs.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(Stubs.METRICS + "/metrics/.*"))
                .willReturn(Stubs.json(200, "{\"metric\":\"x\",\"points\":[],\"comments\":[]}")));
        HubSession alice = HubSession.login(TestUser.ALICE, "/metrics");

        var page = alice.get("/metrics");

        assertEquals(200, page.status());
        assertTrue(page.has("#adoption-empty"));
        assertTrue(page.has("#feedback-empty"));
    }
}
