package dev.atrium.catalog.processing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One bad row never blocks a batch; reading a location is bounded in targets, bytes and time. */
@QuarkusTest
class BatchIsolationTest extends CatalogTestSupport {
    private static HttpServer server;
    private static int port;
    private static final Map<String, String> FILES = new ConcurrentHashMap<>();

    @BeforeAll
    static void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/slow.yaml", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('#');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | java.io.IOException e) {
                // the reader gave up
            }
        });
        server.createContext("/", x -> {
            String body = FILES.get(x.getRequestURI().getPath());
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            x.getResponseBody().write(bytes);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String location(String name, String target) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + name + "}\nspec:\n  target: \"" + target + "\"\n";
    }

    @Test
    void badTargetsAreErrorsOnTheirRowsAndTheRestOfTheBatchCompletes() {
        String dir = "/" + unique("batch");
        String good = unique("good");
        String badPort = unique("port"), space = unique("space"), nul = unique("nul"), fine = unique("fine");
        FILES.put(dir + "/root.yaml", String.join("---\n",
                location(badPort, "http://127.0.0.1:99999/x.yaml"),
                location(space, "./has space.yaml"),
                location(nul, "./nul\\0.yaml"),
                location(fine, "./good.yaml")));
        FILES.put(dir + "/good.yaml", component(good, "payments-team"));
        String id = as(alice()).body(Map.of("type", "url", "target", "http://127.0.0.1:" + port + dir + "/root.yaml"))
                .post("/api/catalog/locations").then().statusCode(201)
                // the Location whose target holds a NUL cannot be stored at all: an error on that document
                .body("errors.entityRef", hasItem("location:default/" + nul))
                .body("errors.message", hasItem(containsString("NUL")))
                .extract().path("location.id");
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + good).then().statusCode(200);
        JsonPath status = as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).extract().jsonPath();
        assertEquals("error", status.getString("state"));
        Map<String, String> byRef = new java.util.HashMap<>();
        for (int i = 0; i < status.getList("errors").size(); i++) {
            byRef.put(status.getString("errors[" + i + "].entityRef"), status.getString("errors[" + i + "].errors[0].message"));
        }
        assertTrue(byRef.get("location:default/" + badPort).contains("invalid port"), byRef.toString());
        assertTrue(byRef.get("location:default/" + space).contains("not a valid url target"), byRef.toString());
        // both bad Locations are still entities: an error on a row is not a failed pass
        as(alice()).get("/api/catalog/entities/by-name/location/default/" + badPort).then().statusCode(200);
        as(alice()).get("/api/catalog/entities/by-name/location/default/" + fine).then().statusCode(200);
    }

    @Test
    void controlCharactersInARegisteredTargetAreA400AndStoreNothing() {
        int before = locationCount();
        as(alice()).body(Map.of("type", "file", "target", SCRATCH.resolve("x").toString() + "\u0000.yaml")).post("/api/catalog/locations")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).body(Map.of("type", "url", "target", "http://127.0.0.1:" + port + "/a\u0000b.yaml")).post("/api/catalog/locations")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).body(Map.of("type", "url", "target", "http://127.0.0.1:99999/x.yaml")).post("/api/catalog/locations")
                .then().statusCode(400).body("error.message", containsString("invalid port"));
        assertEquals(before, locationCount());
    }

    @Test
    void aRowWhoseOutcomeCannotBeStoredDoesNotBlockTheRestOfItsPass() throws Exception {
        String ns = "batch-isolation";
        String first = unique("first"), stuck = unique("stuck"), next = unique("next");
        Path file = writeCatalog(namespaced(first, ns));
        register(alice(), file);
        settle();
        // a stale document holds the name the next entity will get, so that entity cannot be stored
        UUID stale = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO entities (entity_id, entity_ref, kind, namespace, name, entity, hash) VALUES (?, ?, 'component', ?, ?, ?::jsonb, 'stale')")) {
            ps.setObject(1, stale);
            ps.setString(2, "component:" + ns + "/" + stuck);
            ps.setString(3, ns);
            ps.setString(4, stuck);
            ps.setString(5, "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"" + stuck + "\",\"namespace\":\"" + ns + "\"}}");
            ps.executeUpdate();
        }
        try {
            rewrite(file, namespaced(first, ns) + "---\n" + namespaced(stuck, ns) + "---\n" + namespaced(next, ns));
            as(alice()).body(Map.of("entityRef", "component:" + ns + "/" + first)).post("/api/catalog/refresh").then().statusCode(200);
            settle();
            as(alice()).get("/api/catalog/entities/by-name/component/" + ns + "/" + next).then().statusCode(200);
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT errors::text FROM refresh_state WHERE entity_ref = ?")) {
                ps.setString(1, "component:" + ns + "/" + stuck);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    // the row that holds its name is kept and the entity reports the conflict on its location
                    assertTrue(rs.getString(1) != null && rs.getString(1).contains("ConflictError")
                            && rs.getString(1).contains(stale.toString()), rs.getString(1));
                }
            }
        } finally {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM entities WHERE entity_id = ?")) {
                ps.setObject(1, stale);
                ps.executeUpdate();
            }
        }
    }

    private static String namespaced(String name, String ns) {
        return component(name, "payments-team").replace("  name: " + name + "\n", "  name: " + name + "\n  namespace: " + ns + "\n");
    }

    @Test
    void aLocationWithMoreTargetsThanTheLimitIsAnErrorOnThatLocation() throws Exception {
        // the test profile allows 20 targets per Location
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            targets.append(i == 0 ? "" : ", ").append("./part-").append(i).append(".yaml");
        }
        String name = unique("many");
        Path root = writeCatalog("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + name + "}\nspec:\n  targets: [" + targets + "]\n");
        Files.writeString(root.resolveSibling("part-0.yaml"), component(unique("part"), "payments-team"));
        String id = register(alice(), root);
        String other = unique("unaffected");
        register(alice(), writeCatalog(component(other, "payments-team")));
        settle();
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].entityRef", equalTo("location:default/" + name))
                .body("errors[0].errors[0].message", containsString("max-targets"));
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + other).then().statusCode(200);
    }

    @Test
    void readingHasATotalTimeBudgetForHeadersAndBody() {
        int before = locationCount();
        long start = System.currentTimeMillis();
        // the server sends a byte every 100 ms for 10 s: never idle long enough for a read timeout
        as(alice()).body(Map.of("type", "url", "target", "http://127.0.0.1:" + port + "/slow.yaml")).post("/api/catalog/locations")
                .then().statusCode(503).body("error.message", containsString("took longer than"));
        long took = System.currentTimeMillis() - start;
        assertTrue(took < 8_000, "the 3 s budget of the test profile held: " + took + " ms");
        assertEquals(before, locationCount());
    }
}
