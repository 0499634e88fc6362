package dev.atrium.metrics.support;

import static io.restassured.RestAssured.given;

import dev.atrium.commons.testing.TestTokens;
import dev.atrium.metrics.event.Weeks;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers for metrics tests: tokens, event builders, posting, and reading the database directly. */
public abstract class MetricsTestSupport {
    public static final String EVENTS = "/api/metrics/v1/events";

    @Inject
    protected AgroalDataSource dataSource;

    /** A client-credentials token of another Atrium service (realm role atrium-service). */
    protected static String service() {
        return io.smallrye.jwt.build.Jwt.preferredUserName("service-account-scaffolder-service")
                .subject("sub-scaffolder-service").issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .claim("azp", "scaffolder-service")
                .claim("realm_access", Map.of("roles", List.of("atrium-service")))
                .expiresIn(3600).sign();
    }

    protected static String alice() {
        return TestTokens.user("alice", "payments-team");
    }

    protected static String admin() {
        return TestTokens.admin("pat");
    }

    protected static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Monday of the week {@code weeksAgo} weeks before this one (UTC). */
    protected static LocalDate week(int weeksAgo) {
        return Weeks.of(Instant.now()).minusWeeks(weeksAgo);
    }

    /** An instant {@code days} days and {@code hours} hours into the week {@code weeksAgo} weeks ago. */
    protected static Instant at(int weeksAgo, int days, int hours) {
        return week(weeksAgo).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(days * 86400L + hours * 3600L);
    }

    /** Builds an event body with a fresh id. */
    protected static Map<String, Object> event(String type, String actor, String team, Instant time, Object... attributes) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            attrs.put((String) attributes[i], attributes[i + 1]);
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", unique(type));
        e.put("type", type);
        if (actor != null) {
            e.put("actor", actor);
        }
        if (team != null) {
            e.put("team", team);
        }
        e.put("time", time.toString());
        e.put("attributes", attrs);
        return e;
    }

    protected static Map<String, Object> templateAnswer(String actor, String team, Instant time, String template, String owner,
            boolean expected, String improvement) {
        return event("survey.answered", actor, team, time, "survey", "template", "taskId", unique("task"),
                "template", template, "templateOwner", owner, "expected", expected, "improvement", improvement,
                "taskUrl", "https://atrium.example/create/tasks/" + unique("t"));
    }

    /** Posts events as a service and expects 202 with every one accepted. */
    protected static void send(List<Map<String, Object>> events) {
        for (int i = 0; i < events.size(); i += 1000) {
            List<Map<String, Object>> batch = events.subList(i, Math.min(events.size(), i + 1000));
            as(service()).body(batch).post(EVENTS).then().statusCode(202);
        }
    }

    protected static void send(Map<String, Object>... events) {
        send(List.of(events));
    }

    protected static List<Map<String, Object>> list() {
        return new ArrayList<>();
    }

    /** Runs a query that returns one number. */
    protected long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected long events(String idPrefix) {
        return count("SELECT count(*) FROM events WHERE id LIKE ?", idPrefix + "%");
    }

    protected static String csv(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    protected static void importEngineers(String csv) {
        given().auth().oauth2(admin()).contentType("text/csv").body(csv).post("/api/metrics/v1/engineers/import")
                .then().statusCode(200);
    }
}
