package dev.atrium.access.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.atrium.commons.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Helpers for access tests: tokens, the stubbed catalog, requests driven to a state, SQL checks of side effects. */
public abstract class AccessTestSupport {
    public static final String BASE = "/api/access/v1";

    @ConfigProperty(name = "quarkus.rest-client.catalog.url")
    protected String stubUrl;

    @Inject
    protected AgroalDataSource dataSource;

    private WireMock stubs;

    // ---- tokens (demo users of the realm; the OIDC test server signs them) ----

    protected static String alice() {
        return TestTokens.user("alice", "payments-team");
    }

    protected static String alice2() {
        return TestTokens.user("amy", "payments-team");
    }

    protected static String bob() {
        return TestTokens.user("bob", "checkout-team");
    }

    /** Member of ml-platform-team, which owns the test models by default. */
    protected static String carol() {
        return TestTokens.user("carol", "ml-platform-team");
    }

    protected static String dave() {
        return TestTokens.user("dave", "data-team");
    }

    protected static String admin() {
        return TestTokens.admin("pat");
    }

    protected static String admin2() {
        return TestTokens.token("quinn", List.of("platform-team"), Set.of("platform-admin"));
    }

    /** A gateway's client-credentials token (realm role ai-gateway). */
    protected static String gateway() {
        return TestTokens.token("service-account-ai-gateway", List.of("gateways"), Set.of("ai-gateway"));
    }

    protected static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- the WireMock catalog ----

    protected WireMock stubs() {
        if (stubs == null) {
            URI u = URI.create(stubUrl);
            stubs = new WireMock(u.getHost(), u.getPort());
        }
        return stubs;
    }

    /** Serves the entity at its by-name path. */
    protected void catalogHas(ObjectNode entity) {
        String kind = entity.path("kind").asText().toLowerCase();
        String name = entity.path("metadata").path("name").asText();
        stubs().register(WireMock.get(urlEqualTo("/api/catalog/entities/by-name/" + kind + "/default/" + name))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(entity.toString())));
    }

    /** A new open (or other tier) model served by the catalog; returns it for its ref. */
    protected CatalogEntities.Model stubModel(String tier) {
        CatalogEntities.Model m = CatalogEntities.model(unique("m")).tier(tier);
        catalogHas(m.json());
        return m;
    }

    protected CatalogEntities.Model stubModel(CatalogEntities.Model m) {
        catalogHas(m.json());
        return m;
    }

    // ---- requests ----

    protected static Map<String, Object> request(String modelRef, String team, long tokens) {
        return Map.of("modelRef", modelRef, "team", team, "useCase", "Summaries for the " + team + " backlog",
                "expectedMonthlyTokens", tokens);
    }

    /** Creates a request (201 expected) and returns its id. */
    protected static String create(String token, String modelRef, String team, long tokens) {
        return as(token).body(request(modelRef, team, tokens)).post(BASE + "/requests")
                .then().statusCode(201).extract().path("id");
    }

    protected static JsonPath get(String token, String id) {
        return as(token).get(BASE + "/requests/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Polls the request until it is in {@code state}; fails with the last view when it does not get there in time. */
    protected static JsonPath awaitState(String token, String id, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = get(token, id);
            if (state.equals(last.getString("state"))) {
                return last;
            }
            sleep(50);
        }
        throw new AssertionError("request " + id + " did not reach " + state + " within " + timeout + "; last: "
                + (last == null ? null : last.prettify()));
    }

    protected static JsonPath awaitActive(String token, String id) {
        return awaitState(token, id, "ACTIVE", Duration.ofSeconds(60));
    }

    /** Creates a request that is approved at once, waits for ACTIVE and reveals its key. */
    protected String activeKey(String token, String modelRef, String team, long tokens) {
        String id = create(token, modelRef, team, tokens);
        awaitActive(token, id);
        return as(token).post(BASE + "/requests/" + id + "/key").then().statusCode(200).extract().path("key");
    }

    protected static JsonPath verify(String key, String model) {
        return given().contentType(ContentType.JSON).body(Map.of("key", key, "model", model))
                .post(BASE + "/keys/verify").then().statusCode(200).extract().jsonPath();
    }

    // ---- SQL ----

    protected long count(String sql, Object... params) {
        Object v = scalar(sql, params);
        return v == null ? 0 : ((Number) v).longValue();
    }

    protected Object scalar(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected int execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
