package dev.atrium.metrics.event;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atrium.metrics.support.MetricsTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /events: single and batch, idempotency, validation that stores nothing from a rejected batch. */
@QuarkusTest
class EventIngestTest extends MetricsTestSupport {
    private static final Instant NOW = Instant.now().minus(1, ChronoUnit.HOURS);

    @Test
    void acceptsOneEventAndStoresItOnce() {
        Map<String, Object> e = event("page.viewed", "alice", "payments-team", NOW, "path", "/catalog");
        as(service()).body(e).post(EVENTS).then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        as(service()).body(e).post(EVENTS).then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        assertEquals(1, events((String) e.get("id")));
        assertEquals(1, count("SELECT count(*) FROM weekly_actors WHERE actor = 'alice' AND week = ?",
                java.sql.Date.valueOf(Weeks.of(NOW))));
    }

    @Test
    void acceptsABatchAndCountsRepeatedIdsAsDuplicates() {
        String prefix = unique("batch");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> e = event("search.performed", "bob", "checkout-team", NOW, "searchId", prefix + "-s" + i, "query", "kafka");
            e.put("id", prefix + "-" + i);
            batch.add(e);
        }
        batch.add(batch.get(3));
        as(service()).body(batch).post(EVENTS).then().statusCode(202).body("accepted", equalTo(10)).body("duplicates", equalTo(1));
        as(service()).body(batch.subList(0, 5)).post(EVENTS).then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(5));
        assertEquals(10, events(prefix));
        assertEquals(10, count("SELECT count(*) FROM search_sessions WHERE search_id LIKE ?", prefix + "%"));
    }

    @Test
    void batchWithOneInvalidEventIsRejectedWholeWithFieldErrors() {
        String prefix = unique("bad");
        Map<String, Object> good = event("page.viewed", "alice", "payments-team", NOW, "path", "/");
        good.put("id", prefix + "-good");
        Map<String, Object> unknown = event("page.exploded", "alice", null, NOW);
        unknown.put("id", prefix + "-unknown");
        Map<String, Object> missing = event("task.finished", "alice", "payments-team", NOW, "taskId", "t1", "status", "done");
        missing.put("id", prefix + "-missing");
        Map<String, Object> future = event("page.viewed", "alice", null, Instant.now().plus(1, ChronoUnit.HOURS), "path", "/");
        future.put("id", prefix + "-future");
        as(service()).body(List.of(good, unknown, missing, future)).post(EVENTS).then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("errors.field", hasItems("[1].type", "[2].attributes.template", "[2].attributes.status",
                        "[2].attributes.durationMs", "[3].time"))
                .body("errors.find { it.field == '[3].time' }.message", containsString("future"));
        assertEquals(0, events(prefix));
    }

    @Test
    void rejectsMissingTopLevelFields() {
        as(service()).body(Map.of("type", "page.viewed", "attributes", Map.of("path", "/"))).post(EVENTS).then().statusCode(400)
                .body("errors.field", hasItems("id", "time", "actor"));
        as(service()).body(Map.of("id", unique("x"), "type", "page.viewed", "actor", "a", "time", "yesterday",
                "attributes", Map.of("path", "/"))).post(EVENTS).then().statusCode(400)
                .body("errors.field", hasItem("time"));
        as(service()).body(Map.of("id", unique("x"), "type", "page.viewed", "actor", "a", "time", NOW.toString(),
                "attributes", Map.of("path", Map.of("nested", true)))).post(EVENTS).then().statusCode(400)
                .body("errors.field", hasItem("attributes.path"));
    }

    @Test
    void rejectsEventsOlderThanTheMaximumAge() {
        Map<String, Object> old = event("page.viewed", "alice", null, Instant.parse("2001-01-01T00:00:00Z"), "path", "/");
        as(service()).body(old).post(EVENTS).then().statusCode(400).body("errors[0].message", containsString("older"));
        assertEquals(0, events((String) old.get("id")));
    }

    @Test
    void validatesTheTwoSurveyShapes() {
        Map<String, Object> t = event("survey.answered", "alice", "payments-team", NOW, "survey", "template", "taskId", "t",
                "template", "template:default/x", "templateOwner", "group:default/platform-team", "expected", "yes",
                "taskUrl", "javascript:alert(1)");
        as(service()).body(t).post(EVENTS).then().statusCode(400)
                .body("errors.field", hasItems("attributes.expected", "attributes.taskUrl"));
        Map<String, Object> d = event("survey.answered", "alice", "payments-team", NOW, "survey", "discovery");
        as(service()).body(d).post(EVENTS).then().statusCode(400).body("errors.field", hasItem("attributes.found"));
        Map<String, Object> s = event("survey.answered", "alice", "payments-team", NOW, "survey", "mood");
        as(service()).body(s).post(EVENTS).then().statusCode(400).body("errors.field", hasItem("attributes.survey"));
        assertEquals(0, events((String) t.get("id")) + events((String) d.get("id")) + events((String) s.get("id")));
    }

    @Test
    void malformedAndEmptyBodiesAre400() {
        given().auth().oauth2(service()).contentType(ContentType.JSON).body("{\"id\":").post(EVENTS).then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        given().auth().oauth2(service()).contentType(ContentType.JSON).body("[]").post(EVENTS).then().statusCode(400);
        given().auth().oauth2(service()).contentType(ContentType.JSON).body("42").post(EVENTS).then().statusCode(400);
        given().auth().oauth2(service()).contentType(ContentType.JSON).body("[1, 2]").post(EVENTS).then().statusCode(400)
                .body("errors.field", hasItems("[0]", "[1]"));
    }

    @Test
    void moreThanAThousandEventsIs413AndStoresNothing() {
        String prefix = unique("big");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            Map<String, Object> e = event("page.viewed", "u" + i, null, NOW, "path", "/");
            e.put("id", prefix + "-" + i);
            batch.add(e);
        }
        as(service()).body(batch).post(EVENTS).then().statusCode(413).body("error.name", equalTo("PayloadTooLargeError"));
        assertEquals(0, events(prefix));
    }

    @Test
    void bodyOverTwoMebibytesIs413() {
        String big = "[" + "{\"id\":\"x\"},".repeat(200_000) + "{}]";
        given().auth().oauth2(service()).contentType(ContentType.JSON).body(big).post(EVENTS).then().statusCode(413);
    }

    @Test
    void storedEventsCannotBeChangedOrDeleted() throws SQLException {
        Map<String, Object> e = event("page.viewed", "alice", null, NOW, "path", "/x");
        send(e);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE events SET actor = 'mallory' WHERE id = '" + e.get("id") + "'"));
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM events WHERE id = '" + e.get("id") + "'"));
        }
        assertEquals(1, count("SELECT count(*) FROM events WHERE id = ? AND actor = 'alice'", e.get("id")));
    }

    @Test
    void teamsAreNormalisedFromGroupPathsAndRefs() {
        Map<String, Object> e = event("page.viewed", "alice", "/Payments-Team", NOW, "path", "/x");
        send(e);
        assertEquals(1, count("SELECT count(*) FROM events WHERE id = ? AND team = 'payments-team'", e.get("id")));
    }
}
