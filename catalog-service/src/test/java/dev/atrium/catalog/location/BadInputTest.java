package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear 4xx and stores nothing. */
@QuarkusTest
class BadInputTest extends CatalogTestSupport {
    private static HttpServer server;
    private static int port;

    @BeforeAll
    static void serveCatalogFiles() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case "/good.yaml" -> component("url-served", "payments-team");
                case "/group.yaml" -> "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: url-group}\nspec: {type: team, children: []}\n";
                default -> null;
            };
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private void rejected(String type, String target, int status, String message) {
        int before = locationCount();
        as(alice()).body(Map.of("type", type, "target", target)).post("/api/catalog/locations").then()
                .statusCode(status)
                .body("error.message", containsString(message))
                .body("response.statusCode", equalTo(status))
                .body("$", not(org.hamcrest.Matchers.hasKey("stack")));
        assertEquals(before, locationCount(), "a rejected registration must store nothing");
    }

    @Test
    void rejectsUnknownChoicesOfQueryParameters() {
        int before = locationCount();
        String target = writeCatalog(component(unique("choice"), "group:default/payments-team")).toString();
        as(alice()).body(Map.of("type", "file", "target", target)).post("/api/catalog/locations?onConflict=merge").then()
                .statusCode(400).body("error.message", containsString("expected reject or refresh"));
        assertEquals(before, locationCount(), "a rejected registration must store nothing");
        as(alice()).get("/api/catalog/entities/by-query?totalItems=maybe").then()
                .statusCode(400).body("error.message", containsString("expected include or exclude"));
    }

    @Test
    void rejectsMalformedYaml() {
        rejected("file", writeCatalog("apiVersion: v1\nkind: [oops\n").toString(), 400, "Malformed YAML");
    }

    @Test
    void rejectsYamlAliasBomb() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        rejected("file", writeCatalog(y.toString()).toString(), 400, "aliases");
    }

    @Test
    void rejectsDocumentsOverTheSizeLimit() {
        String big = component(unique("big"), "payments-team") + "  description: \"" + "x".repeat(300_000) + "\"\n";
        rejected("file", writeCatalog(big).toString(), 413, "over the limit");
    }

    /**
     * A root target that can be read is registered even when an entity in it is invalid: the
     * invalid one is reported with its file, document and field (in the response and the status),
     * and its valid sibling is ingested.
     */
    private void reported(String invalid, String field, String name) {
        reported(invalid, field, name, 2);
    }

    private void reported(String invalid, String field, String name, int document) {
        String sibling = unique("sibling");
        Path file = writeCatalog(component(sibling, "payments-team") + "---\n" + invalid);
        int before = locationCount();
        String id = as(alice()).body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations").then()
                .statusCode(201)
                .body("errors.field", hasItem(field))
                .body("errors.name", hasItem(name))
                .body("errors.document", hasItem(document))
                .body("errors.location", hasItem("file:" + file))
                .extract().path("location.id");
        assertEquals(before + 1, locationCount(), "the location is registered");
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + sibling).then().statusCode(200);
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].errors.field", hasItem(field))
                .body("errors[0].errors.document", hasItem(document));
        as(alice()).delete("/api/catalog/locations/" + id).then().statusCode(204);
    }

    @Test
    void reportsInvalidNamesAndIngestsTheRest() {
        reported(component("not valid!", "payments-team"), "metadata.name", "InputError");
    }

    @Test
    void reportsInvalidRefsAndIngestsTheRest() {
        reported(component(unique("badref"), "payments-team") + "  dependsOn: [no-kind-given]\n", "spec.dependsOn", "InputError");
    }

    @Test
    void reportsUnknownKindsAndIngestsTheRest() {
        reported("apiVersion: backstage.io/v1alpha1\nkind: Spaceship\nmetadata: {name: enterprise}\nspec: {}\n", "kind", "UnknownKindError");
    }

    @Test
    void reportsForeignRootFieldsAndMissingSpecFields() {
        String y = component(unique("extra"), "payments-team").replace("spec:\n  type: service\n", "spec:\n") + "colour: blue\n";
        reported(y, "colour", "InputError");
        reported(y, "spec.type", "InputError");
    }

    @Test
    void reportsDuplicateRefsInOneLocation() {
        String n = unique("twice");
        reported(component(n, "payments-team") + "---\n" + component(n, "payments-team"), "metadata.name", "ConflictError", 3);
    }

    @Test
    void rejectsUnknownTypesAndEmptyTargets() {
        rejected("ftp", "ftp://example.com/x.yaml", 400, "Unknown location type");
        rejected("file", "", 400, "must not be empty");
        as(alice()).body("{\"type\": \"file\"").post("/api/catalog/locations").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        as(alice()).body("[1,2]").post("/api/catalog/locations").then().statusCode(400);
        as(alice()).contentType("text/plain").body("type=file").post("/api/catalog/locations").then().statusCode(415);
    }

    @Test
    void refusesFilesOutsideTheRootsAndTraversal() {
        rejected("file", "/etc/passwd", 403, "outside the allowed roots");
        rejected("file", SCRATCH.resolve("../../pom.xml").toString(), 403, "outside the allowed roots");
        rejected("file", "relative/catalog.yaml", 400, "absolute path");
        rejected("file", SCRATCH.resolve("missing/catalog-info.yaml").toString(), 404, "does not exist");
    }

    @Test
    void refusesSsrfTargets() {
        rejected("url", "http://localhost:" + port + "/good.yaml", 403, "non-public address");
        rejected("url", "http://169.254.169.254/latest/meta-data/", 403, "non-public address");
        rejected("url", "http://10.1.2.3/catalog-info.yaml", 403, "non-public address");
        rejected("url", "http://[::1]/catalog-info.yaml", 403, "non-public address");
        rejected("url", "http://0.0.0.0/catalog-info.yaml", 403, "non-public address");
        rejected("url", "file:///etc/passwd", 400, "Only http and https");
        rejected("git", "https://10.0.0.5/org/repo.git", 403, "non-public address");
    }

    @Test
    void readsAllowListedUrlsAndAppliesCatalogRulesPerLocationType() {
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "url", "target", "http://127.0.0.1:" + port + "/good.yaml"))
                .post("/api/catalog/locations").then().statusCode(201).body("entities[1].metadata.name", equalTo("url-served"));
        // registered, with the kind the rules refuse for url locations reported instead of stored
        String id = as(admin()).body(Map.of("type", "url", "target", "http://127.0.0.1:" + port + "/group.yaml"))
                .post("/api/catalog/locations").then().statusCode(201)
                .body("errors[0].message", containsString("not allowed for url locations by the catalog rules"))
                .body("errors[0].document", equalTo(1))
                .extract().path("location.id");
        settle();
        as(admin()).get("/api/catalog/entities/by-name/group/default/url-group").then().statusCode(404);
        as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
        rejected("url", "http://127.0.0.1:" + port + "/missing.yaml", 404, "404");
    }

    @Test
    void rejectsOversizeRequestBodies() {
        String body = "{\"type\":\"file\",\"target\":\"" + "x".repeat(1_100_000) + "\"}";
        as(alice()).body(body).post("/api/catalog/locations").then().statusCode(413)
                .body("error.name", equalTo("PayloadTooLargeError"));
    }

    @Test
    void validateEntityReportsEveryProblem() {
        Map<String, Object> ok = Map.of("apiVersion", "backstage.io/v1alpha1", "kind", "Component",
                "metadata", Map.of("name", "fine"), "spec", Map.of("type", "service", "lifecycle", "production", "owner", "team-a"));
        as(alice()).body(Map.of("entity", ok, "location", "url:https://example.com/catalog-info.yaml"))
                .post("/api/catalog/validate-entity").then().statusCode(200);
        Map<String, Object> bad = Map.of("apiVersion", "backstage.io/v1alpha1", "kind", "Component",
                "metadata", Map.of("name", "-bad-", "tags", java.util.List.of("Not OK")), "spec", Map.of("type", "service"));
        as(alice()).body(Map.of("entity", bad, "location", "url:https://example.com/catalog-info.yaml"))
                .post("/api/catalog/validate-entity").then().statusCode(400)
                .body("errors.field", hasItem("metadata.name"))
                .body("errors.field", hasItem("metadata.tags"))
                .body("errors.field", hasItem("spec.owner"))
                .body("errors.field", hasItem("spec.lifecycle"));
        as(alice()).body(Map.of("entity", ok, "location", "nowhere")).post("/api/catalog/validate-entity").then().statusCode(400)
                .body("errors.field", hasItem("location"));
        as(alice()).body(Map.of("location", "url:x")).post("/api/catalog/validate-entity").then().statusCode(400)
                .body("error.message", notNullValue());
    }

}
