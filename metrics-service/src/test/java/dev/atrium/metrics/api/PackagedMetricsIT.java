package dev.atrium.metrics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The main journey against the packaged jar: a service sends events, a signed-in user reads the metric back. */
@QuarkusIntegrationTest
class PackagedMetricsIT {

    @Test
    void eventsInMetricsOut() {
        String service = Jwt.preferredUserName("service-account-access-service").subject("sub-access")
                .issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of("atrium-service"))).expiresIn(600).sign();
        String team = "it-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate week = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        String at = week.atStartOfDay(ZoneOffset.UTC).plusHours(30).toInstant().toString();
        List<Map<String, Object>> events = List.of(
                Map.of("id", UUID.randomUUID().toString(), "type", "access.provisioned", "actor", "alice", "team", team, "time", at,
                        "attributes", Map.of("requestId", "r1", "model", "aimodel:default/gpt-gateway", "tier", "open",
                                "workflow", "access-request", "durationMs", 1200)),
                Map.of("id", UUID.randomUUID().toString(), "type", "ticket.opened", "team", team, "time", at,
                        "attributes", Map.of("workflow", "access-request", "ticketId", "IT-1", "source", "servicenow")));
        given().auth().oauth2(service).contentType(ContentType.JSON).body(events).post("/api/metrics/v1/events")
                .then().statusCode(202).body("accepted", equalTo(2));
        given().auth().oauth2(TestTokens.user("alice", "payments-team"))
                .get("/api/metrics/v1/metrics/self-service-rate?team=" + team + "&from=" + week + "&to=" + week)
                .then().statusCode(200).body("points[0].value", equalTo(0.5f)).body("points.dimension", hasItem("access-request"));
        given().get("/api/metrics/v1/summary").then().statusCode(401);
    }
}
