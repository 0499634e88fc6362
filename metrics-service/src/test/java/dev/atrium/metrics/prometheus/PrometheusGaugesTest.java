package dev.atrium.metrics.prometheus;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.metrics.query.MetricPoint;
import dev.atrium.metrics.support.MetricsTestSupport;
import io.micrometer.core.instrument.MultiGauge;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Gauges at /q/metrics for each metric, with bounded label values. */
@QuarkusTest
class PrometheusGaugesTest extends MetricsTestSupport {

    @Inject
    DevexGauges gauges;

    @Test
    void lastCompleteWeekIsExportedPerTeamAndWorkflow() {
        String team = unique("prom");
        importEngineers(csv("username,startDate,team", team + "-1,2025-01-01," + team, team + "-2,2025-01-01," + team));
        List<Map<String, Object>> ev = list();
        ev.add(event("page.viewed", team + "-1", team, at(1, 2, 10), "path", "/"));
        ev.add(event("task.finished", team + "-1", team, at(1, 2, 11), "taskId", unique("t"), "template", "template:default/x",
                "templateOwner", "platform-team", "workflow", "environment", "status", "completed", "durationMs", 1));
        send(ev);
        gauges.refresh();
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(text.contains("atrium_devex_adoption_rate{team=\"all\"}"), "org adoption gauge");
        Matcher m = Pattern.compile("atrium_devex_adoption_rate\\{team=\"" + Pattern.quote(team) + "\"} ([0-9.]+)").matcher(text);
        assertTrue(m.find(), "team adoption gauge");
        assertEquals(0.5, Double.parseDouble(m.group(1)), 1e-9);
        assertTrue(text.contains("atrium_devex_self_service_rate{workflow=\"environment\"}"), "self-service gauge");
        assertTrue(text.contains("atrium_devex_chat_outbox_pending"), "outbox gauge");
    }

    @Test
    void labelValuesBeyondTheCapBecomeOtherWithSummedRatios() {
        LocalDate w = LocalDate.of(2026, 11, 23);
        List<MetricPoint> points = List.of(
                MetricPoint.of(w, "all", null, 0.5, 10L, 5.0, 10.0, null, null, null),
                MetricPoint.of(w, "big", null, 0.5, 4L, 2.0, 4.0, null, null, null),
                MetricPoint.of(w, "small-1", null, 1.0, 1L, 1.0, 1.0, null, null, null),
                MetricPoint.of(w, "small-2", null, 0.4, 5L, 2.0, 5.0, null, null, null));
        List<MultiGauge.Row<?>> rows = DevexGauges.bucket(points, MetricPoint::team, List.of("big"), "team", true);
        assertEquals(3, rows.size());
        List<MultiGauge.Row<?>> medians = DevexGauges.bucket(points, MetricPoint::team, List.of("big"), "team", false);
        assertEquals(2, medians.size(), "medians have no 'other'");
    }
}
