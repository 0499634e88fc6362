package dev.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests the load driver's option handling and runs every scenario against an in-process fake catalog. */
class LoadDriverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8081/api/catalog", "http://127.0.0.1:8081/api/catalog",
            "http://[::1]:8081/api/catalog", "https://LOCALHOST/api/catalog/"})
    void acceptsLoopbackTargets(String base) {
        assertNotNull(LoadDriver.requireLoopback(base));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/api/catalog", "http://10.0.0.5:8081/api/catalog",
            "http://127.0.0.2:8081/api/catalog", "http://localhost.example.com/api/catalog",
            "http://localhost@example.com/api/catalog", "ftp://localhost/api/catalog", "localhost:8081",
            "http://0.0.0.0:8081/api/catalog"})
    void refusesNonLoopbackTargets(String base) {
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.requireLoopback(base));
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--entities", "100", "--base", base));
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        LoadDriver.Options o = LoadDriver.Options.parse("--entities", "10000");
        assertEquals(16, o.concurrency());
        assertEquals(Duration.ofSeconds(5), o.warmup());
        assertEquals(Duration.ofSeconds(20), o.duration());
        assertEquals(Duration.ofMinutes(4), o.tokenRefresh());
        assertEquals(LoadDriver.SCENARIOS, o.scenarios());
        assertEquals("http://localhost:8081/api/catalog", o.base().toString());
        assertTrue(o.catalogDir().endsWith(Path.of("bench", "out", "catalog-10000")));
    }

    @Test
    void skipIngestLeavesIngestOutAndScenariosRunInTheirFixedOrder() {
        LoadDriver.Options o = LoadDriver.Options.parse("--catalog", "x", "--skip-ingest", "--scenarios",
                "count,ingest,by-name");
        assertEquals(List.of(LoadDriver.BY_NAME, LoadDriver.COUNT), o.scenarios());
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--catalog", "x", "--scenarios", "nope"));
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--catalog", "x", "--token-file", "a",
                "--token-cmd", "b"));
    }

    @Test
    void readsTheNextCursorWithoutTheItems() {
        String body = "{\"items\":[{\"pageInfo\":{\"nextCursor\":\"wrong\"}}],\"totalItems\":3,"
                + "\"pageInfo\":{\"prevCursor\":\"p\",\"nextCursor\":\"abc=\"}}";
        assertEquals("abc=", LoadDriver.nextCursor(body.getBytes(StandardCharsets.UTF_8)));
        assertNull(LoadDriver.nextCursor("{\"items\":[],\"pageInfo\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertNull(LoadDriver.nextCursor("not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(7, LoadDriver.totalItems("{\"items\":[],\"totalItems\":7}"));
    }

    @Test
    void runsEveryScenarioAgainstACatalogAndWritesResults() throws Exception {
        CatalogGenerator generator = new CatalogGenerator(300, 42);
        Path catalog = tmp.resolve("catalog");
        generator.writeTo(catalog);
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "s3cret\n");
        Path results = tmp.resolve("results");

        try (FakeCatalog fake = new FakeCatalog("s3cret", FakeCatalog.refsOf(generator), 300)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            LoadDriver.RunReport report = new LoadDriver(LoadDriver.Options.parse("--catalog", catalog.toString(),
                    "--base", fake.base(), "--token-file", tokenFile.toString(), "--driver", "java", "--concurrency", "4",
                    "--warmup", "100ms", "--duration", "300ms", "--poll-interval", "20ms", "--results",
                    results.toString(), "--check"), new PrintStream(printed, true, StandardCharsets.UTF_8), QUIET).run();

            String table = printed.toString(StandardCharsets.UTF_8);
            assertTrue(table.contains(ScenarioResult.MARKDOWN_HEADER), table);
            List<String> expected = expectedResults();
            for (String scenario : expected) {
                assertTrue(table.contains("\n| " + scenario + " | 300 | "), scenario + " row in\n" + table);
            }
            assertTrue(table.contains("PASS  ingest"), table);
            assertTrue(table.contains("FAIL  by-name   throughput"), "a fake server is no match for 5,000 req/s:\n" + table);

            assertEquals(expected, report.results().stream().map(ScenarioResult::scenario).toList());
            ScenarioResult ingest = report.results().get(0);
            assertNotNull(ingest.ingestSeconds(), ingest.firstError());
            assertTrue(ingest.ingestSeconds() >= 0.25 && ingest.ingestSeconds() < 10, "ingest " + ingest.ingestSeconds());
            assertTrue(fake.registeredTarget().contains(catalog.resolve("catalog-info.yaml").toString()));
            for (ScenarioResult r : report.results().subList(1, expected.size())) {
                assertTrue(r.requests() > 0, r.scenario());
                assertEquals(0, r.errors(), r.scenario() + ": " + r.firstError());
                assertTrue(r.requestsPerSecond() > 0 && r.latencyMs().p99() > 0, r.scenario());
            }
            assertTrue(fake.cursorRequests.get() > 0, "by-query followed nextCursor");
            assertTrue(fake.byNameRequests.get() > 0);
            assertTrue(fake.filteredRequests.get() > 0);
            assertEquals(0, fake.unauthorized.get());
            ScenarioResult added = report.results().get(expected.indexOf(LoadDriver.NEW_ENTITY));
            assertEquals(LoadDriver.NEW_ENTITY_SAMPLES, added.requests(), "one sample per added entity");
            assertEquals(LoadDriver.NEW_ENTITY_SAMPLES, fake.refreshes.get(), "each added entity was followed by a refresh");
            assertEquals(LoadDriver.NEW_ENTITY_SAMPLES + 1, fake.added.size());
            assertFalse(Files.exists(catalog.resolve("new-entities")), "the scenario's own files are removed");
            ScenarioResult coldCount = report.results().get(expected.indexOf("filtered-count:cold"));
            assertEquals(1, coldCount.concurrency());
            assertTrue(coldCount.requests() > 10 && coldCount.requests() <= 100, "each distinct filter once: " + coldCount.requests());
            assertNull(report.service(), "no service process was measured");

            assertEquals(expected.size(), report.files().size());
            for (Path file : report.files()) {
                JsonNode doc = JSON.readTree(file.toFile());
                assertTrue(file.getFileName().toString().endsWith("-" + doc.get("scenario").asText().replace(':', '-') + ".json"));
                assertEquals(300, doc.at("/catalog/entities").asInt());
                assertTrue(doc.at("/result/latencyMs/p99").isNumber());
                boolean untargeted = doc.get("scenario").asText().startsWith(UserQueries.FULL_TEXT);
                assertTrue(doc.get("checks").isArray() && doc.get("checks").isEmpty() == untargeted, doc.get("scenario").asText());
                assertTrue(doc.at("/machine/cpus").asInt() > 0);
            }
            assertTrue(report.checks().size() >= 6);
        }
    }

    /** Every scenario's result name: the user-query scenarios report a cold and a warm result each. */
    static List<String> expectedResults() {
        List<String> out = new java.util.ArrayList<>();
        for (String s : LoadDriver.SCENARIOS) {
            if (UserQueries.SCENARIOS.contains(s)) {
                out.add(s + UserQueries.COLD);
                out.add(s + UserQueries.WARM);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void managedRunsNeedTheOptionsFileAndALocalDatabase() {
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--entities", "1", "--service-jar", "x.jar"));
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--entities", "1", "--service-jar", "x.jar",
                "--jvm-options", "o", "--db-url", "jdbc:postgresql://db.example.com/x"));
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--entities", "1", "--service-jar", "x.jar",
                "--jvm-options", "o", "--db-url", "jdbc:postgresql://127.0.0.1/x", "--base", "http://localhost:1/api"));
        LoadDriver.Options o = LoadDriver.Options.parse("--entities", "1", "--service-jar", "x.jar", "--jvm-options", "o",
                "--db-url", "jdbc:postgresql://127.0.0.1:5432/bench?ssl=false");
        assertNotNull(o.managed());
        assertEquals("bench", LoadDriver.databaseName(o.managed().dbUrl()));
    }

    @Test
    void secondIngestOfTheSameLocationReportsItAsAlreadyRegistered() throws Exception {
        CatalogGenerator generator = new CatalogGenerator(100, 1);
        Path catalog = tmp.resolve("catalog");
        generator.writeTo(catalog);
        try (FakeCatalog fake = new FakeCatalog("t", FakeCatalog.refsOf(generator), 10)) {
            String[] args = {"--catalog", catalog.toString(), "--base", fake.base(), "--token-cmd", "printf t",
                    "--scenarios", "ingest", "--poll-interval", "10ms", "--results", tmp.resolve("r").toString()};
            assertNotNull(new LoadDriver(LoadDriver.Options.parse(args), QUIET, QUIET).run().results().get(0).ingestSeconds());

            ScenarioResult again = new LoadDriver(LoadDriver.Options.parse(args), QUIET, QUIET).run().results().get(0);
            assertNull(again.ingestSeconds());
            assertTrue(again.firstError().contains("already registered"), again.firstError());
        }
    }

    @Test
    void refusesToRunWhenTheTokenIsRejected() throws IOException {
        CatalogGenerator generator = new CatalogGenerator(100, 1);
        Path catalog = tmp.resolve("catalog");
        generator.writeTo(catalog);
        try (FakeCatalog fake = new FakeCatalog("right", FakeCatalog.refsOf(generator), 10)) {
            LoadDriver driver = new LoadDriver(LoadDriver.Options.parse("--catalog", catalog.toString(), "--base",
                    fake.base(), "--token-cmd", "echo wrong", "--results", tmp.resolve("r").toString()), QUIET, QUIET);
            IllegalStateException e = assertThrows(IllegalStateException.class, driver::run);
            assertTrue(e.getMessage().contains("401"), e.getMessage());
        }
    }
}
