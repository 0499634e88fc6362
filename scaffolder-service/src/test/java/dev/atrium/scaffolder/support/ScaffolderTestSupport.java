package dev.atrium.scaffolder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.atrium.commons.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Helpers for scaffolder tests: tokens, catalog stubs with fixture templates, waiting for tasks, SQL checks. */
public abstract class ScaffolderTestSupport {
    public static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final YAMLMapper YAML = new YAMLMapper();
    public static final String API = "/api/scaffolder/v2";

    @OidcWireMock
    protected WireMockServer wiremock;

    @Inject
    protected AgroalDataSource dataSource;

    protected static String alice() {
        return TestTokens.user("alice", "payments-team");
    }

    protected static String bob() {
        return TestTokens.user("bob", "checkout-team");
    }

    protected static String admin() {
        return TestTokens.admin("pat");
    }

    protected static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Loads a fixture template, gives it a unique name and location annotation, and serves it from the catalog stub. */
    protected String stubTemplate(String fixture, String owner) {
        try {
            ObjectNode entity = (ObjectNode) YAML.readTree(FIXTURES.resolve("templates").resolve(fixture).toFile());
            String name = entity.path("metadata").path("name").asText() + "-" + UUID.randomUUID().toString().substring(0, 8);
            ObjectNode metadata = (ObjectNode) entity.get("metadata");
            metadata.put("name", name).put("namespace", "default");
            metadata.with("annotations").put("backstage.io/managed-by-location",
                    "file:" + FIXTURES.resolve("templates").resolve(fixture));
            if (owner != null) {
                ((ObjectNode) entity.get("spec")).put("owner", owner);
            }
            stubEntity("template", name, entity);
            return "template:default/" + name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected void stubEntity(String kind, String name, JsonNode entity) {
        wiremock.stubFor(get(urlPathEqualTo("/auth/catalog-stub/api/catalog/entities/by-name/" + kind + "/default/" + name))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(entity.toString())));
    }

    /** Serves a built template from the catalog stub; returns its ref. */
    protected String stub(TemplateBuilder template) {
        stubEntity("template", template.name(), template.entity());
        return template.ref();
    }

    /** Polls a task until step {@code stepId} has {@code status}. */
    protected static JsonPath awaitStep(String token, String id, String stepId, String status) {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonPath task = null;
        while (System.currentTimeMillis() < deadline) {
            task = as(token).get(API + "/tasks/" + id).then().statusCode(200).extract().jsonPath();
            if (status.equals(task.getString("steps.find { it.id == '" + stepId + "' }.status"))) {
                return task;
            }
            if (List.of("completed", "failed", "cancelled").contains(task.getString("status"))) {
                throw new AssertionError("task " + id + " ended before step " + stepId + " was " + status + ": " + task.prettify());
            }
            sleep(100);
        }
        throw new AssertionError("step " + stepId + " of task " + id + " never became " + status + ": " + (task == null ? null : task.prettify()));
    }

    protected static String name(String templateRef) {
        return templateRef.substring(templateRef.indexOf('/') + 1);
    }

    protected static String scaffold(String token, String templateRef, Object values) {
        var response = as(token).body(Map.of("templateRef", templateRef, "values", values)).post(API + "/tasks");
        if (response.statusCode() != 201) {
            throw new AssertionError("scaffold " + templateRef + " answered " + response.statusCode() + ": " + response.asString());
        }
        return response.path("id");
    }

    /** Polls a task until it reaches one of the final states (or {@code status}). */
    protected static JsonPath awaitTask(String token, String id, String... statuses) {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonPath task = null;
        while (System.currentTimeMillis() < deadline) {
            task = as(token).get(API + "/tasks/" + id).then().statusCode(200).extract().jsonPath();
            String s = task.getString("status");
            for (String want : statuses.length == 0 ? new String[] {"completed", "failed", "cancelled"} : statuses) {
                if (want.equals(s)) {
                    return task;
                }
            }
            sleep(100);
        }
        throw new AssertionError("task " + id + " did not reach " + String.join("/", statuses) + ": " + (task == null ? null : task.prettify()));
    }

    /** A task's stored events, as {@code GET /tasks/{id}/events} lists them. */
    protected static List<Map<String, Object>> events(String token, String id) {
        return as(token).get(API + "/tasks/" + id + "/events").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The log messages of a task's events, in order. */
    protected static List<String> messages(List<Map<String, Object>> events) {
        return events.stream().map(e -> String.valueOf(((Map<?, ?>) e.get("body")).get("message"))).toList();
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected long count(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected String text(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected long tasksTotal() {
        return count("SELECT count(*) FROM tasks");
    }

    protected static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    protected static Path writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
