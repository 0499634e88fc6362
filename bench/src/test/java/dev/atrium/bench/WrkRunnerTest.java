package dev.atrium.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tests the wrk command line, the generated Lua scripts, result parsing and the choice between wrk and Java. */
class WrkRunnerTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** wrk's output for a by-query script against the catalog (wrk 4.1.0, 2 threads, 16 connections, 3 s). */
    private static final String CAPTURED = """
            Running 3s test @ http://127.0.0.1:8081
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   237.60ms   76.93ms 470.83ms   69.74%
                Req/Sec    33.31     15.43    70.00     66.67%
              Latency Distribution
                 50%  235.24ms
                 75%  284.95ms
                 90%  330.86ms
                 99%  470.00ms
              195 requests in 3.09s, 14.79MB read
            Requests/sec:     63.10
            Transfer/sec:      4.78MB
            ATRIUM_WRK {"requests":195,"duration_us":3090459,"bytes":15505504,"errors_status":0,"errors_connect":0,\
            "errors_read":0,"errors_write":0,"errors_timeout":0,"p50_us":235238,"p90_us":330857,"p99_us":469997,\
            "max_us":470832,"mean_us":237602.7,"statuses":{"200":195}}
            """;

    @TempDir
    Path tmp;

    @Test
    void parsesACapturedResultLineIntoAScenarioResult() {
        WrkRunner.Sample s = WrkRunner.parse(CAPTURED);
        assertEquals(195, s.requests());
        assertEquals(3_090_459, s.durationUs());
        assertEquals(0, s.errors());
        assertEquals(Map.of("200", 195L), s.statuses());
        assertNull(s.firstError());

        ScenarioResult r = s.toResult(LoadDriver.BY_QUERY, 10_000, 16);
        assertEquals(LoadDriver.BY_QUERY, r.scenario());
        assertEquals(10_000, r.entities());
        assertEquals(16, r.concurrency());
        assertEquals(195, r.requests());
        assertEquals(0, r.errors());
        assertEquals(3.090459, r.seconds(), 1e-9);
        assertEquals(195 / 3.090459, r.requestsPerSecond(), 1e-9);
        assertEquals(new LatencySummary(235.238, 330.857, 469.997, 470.832, 237.6027), r.latencyMs());
        assertEquals(Map.of("200", 195L), r.statusCounts());
        assertEquals("wrk", r.driver());
        assertNull(r.ingestSeconds());
        assertNull(r.firstError());
        assertEquals("| by-query | 10000 | 16 | 195 | 0 | 3.1 | 63 | 235.24 | 330.86 | 470.00 | 470.83 | – | – | wrk |",
                r.markdownRow());
        assertTrue(Targets.check(r).stream().noneMatch(c -> c.metric().equals("errors")));
    }

    @Test
    void errorsAreSummedAndTheFirstErrorKept() {
        WrkRunner.Sample s = WrkRunner.parse("ATRIUM_WRK {\"requests\":6766,\"duration_us\":2001897,\"bytes\":1,"
                + "\"errors_status\":3,\"errors_connect\":0,\"errors_read\":1,\"errors_write\":0,\"errors_timeout\":0,"
                + "\"p50_us\":4224,\"p90_us\":7413,\"p99_us\":13574,\"max_us\":31283,\"mean_us\":4790.6,"
                + "\"statuses\":{\"200\":6763,\"503\":3},\"first_error\":\"503 {\\u0022error\\u0022:\\u0022busy\\u0022}\"}");
        assertEquals(4, s.errors());
        ScenarioResult r = s.toResult(LoadDriver.BY_QUERY, 10_000, 16);
        assertEquals(4, r.errors());
        assertEquals(Map.of("200", 6763L, "503", 3L, "read error", 1L), r.statusCounts());
        assertEquals("503 {\"error\":\"busy\"}", r.firstError());
        assertTrue(Targets.check(r).stream().anyMatch(c -> c.metric().equals("errors") && !c.pass()));
    }

    @Test
    void withoutStatusDetailsTheCountsComeFromWrksErrorCounters() {
        WrkRunner.Sample s = WrkRunner.parse("noise\nATRIUM_WRK {\"requests\":100,\"duration_us\":1000000,"
                + "\"errors_status\":2,\"errors_connect\":0,\"errors_read\":0,\"errors_write\":0,\"errors_timeout\":1,"
                + "\"p50_us\":100,\"p90_us\":200,\"p99_us\":300,\"max_us\":400,\"mean_us\":120.5,\"statuses\":{}}\n");
        ScenarioResult r = s.toResult(LoadDriver.FACETS, 500, 16);
        assertEquals(3, r.errors());
        assertEquals(100, r.requestsPerSecond(), 1e-9);
        assertEquals(Map.of("1xx-3xx", 98L, "4xx-5xx", 2L, "timeout", 1L), r.statusCounts());
        assertTrue(r.firstError().contains("status >= 400"), r.firstError());
    }

    @Test
    void refusesOutputWithoutAResultLine() {
        assertThrows(IllegalArgumentException.class, () -> WrkRunner.parse("unable to connect to 127.0.0.1:8081"));
        assertThrows(IllegalArgumentException.class, () -> WrkRunner.parse("ATRIUM_WRK {\"requests\":1}"));
        assertThrows(IllegalArgumentException.class, () -> WrkRunner.parse("ATRIUM_WRK {not json"));
    }

    @Test
    void buildsTheCommandLine() {
        Path wrk = Path.of("/usr/bin/wrk");
        Path script = Path.of("/tmp/x/by-name.lua");
        assertEquals(List.of("/usr/bin/wrk", "-t2", "-c16", "-d20s", "--timeout", "10s", "--latency", "-s",
                        "/tmp/x/by-name.lua", "http://127.0.0.1:8081"),
                WrkRunner.command(wrk, 16, Duration.ofSeconds(20), Duration.ofSeconds(10), script, "http://127.0.0.1:8081"));
        assertEquals(List.of("/usr/bin/wrk", "-t1", "-c1", "-d1s", "--timeout", "3s", "--latency", "-s",
                        "/tmp/x/by-name.lua", "http://localhost:8081"),
                WrkRunner.command(wrk, 1, Duration.ofMillis(300), Duration.ofMillis(2500), script, "http://localhost:8081"));
        assertEquals(1, WrkRunner.threads(15), "15 connections do not split over 2 threads");
        assertEquals(2, WrkRunner.threads(32));
    }

    @Test
    void wrkGetsTheOriginOfALoopbackBaseOnly() {
        assertEquals("http://127.0.0.1:8081", WrkRunner.origin(URI.create("http://127.0.0.1:8081/api/catalog")));
        assertEquals("http://[::1]:8081", WrkRunner.origin(URI.create("http://[::1]:8081/api/catalog")));
        assertEquals("https://localhost", WrkRunner.origin(URI.create("HTTPS://localhost/api/catalog")));
        assertThrows(IllegalArgumentException.class, () -> WrkRunner.origin(URI.create("http://example.com/api/catalog")));
        assertThrows(IllegalArgumentException.class, () -> WrkRunner.origin(URI.create("http://10.0.0.5:8081/api")));
    }

    @Test
    void fixedUrlScriptsSendTheJavaScenariosRequestsWithTheToken() {
        Path token = Path.of("/tmp/atrium-wrk-1/token");
        String facets = WrkRunner.fixedScript(token, "/api/catalog" + LoadDriver.FACETS_PATH);
        assertTrue(facets.contains("wrk.path = \"/api/catalog/entity-facets?facet=kind&facet=spec.type&facet=spec.lifecycle\""),
                facets);
        assertTrue(facets.contains("local token_file = \"/tmp/atrium-wrk-1/token\""), facets);
        assertTrue(facets.contains("wrk.headers[\"Authorization\"] = \"Bearer \" .. token"), facets);
        assertTrue(facets.contains("function done(summary, latency, requests)"), facets);
        assertTrue(facets.contains("ATRIUM_WRK {"), facets);
        assertFalse(facets.contains("function response"), "response() costs throughput: only by-query has it");
        assertFalse(facets.contains("function request"), "a fixed request is built once by wrk");

        String count = WrkRunner.fixedScript(token, "/api/catalog" + LoadDriver.COUNT_PATH);
        assertTrue(count.contains("wrk.path = \"/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=0\""), count);
    }

    @Test
    void byNameScriptPicksRandomPathsFromTheDriversList() {
        String script = WrkRunner.byNameScript(Path.of("/tmp/w/token"), Path.of("/tmp/w/by-name.paths"));
        assertTrue(script.contains("local paths_file = \"/tmp/w/by-name.paths\""), script);
        assertTrue(script.contains("paths[math.random(count)]"), script);
        assertFalse(script.contains("function response"));
        assertEquals("/entities/by-name/component/default/checkout-svc-0007",
                LoadDriver.byNamePath(EntityRef.of("Component", "checkout-svc-0007")));
        CatalogGenerator catalog = new CatalogGenerator(50, 3);
        List<String> paths = new java.util.ArrayList<>();
        LoadDriver.byNamePaths(catalog).forEachRemaining(paths::add);
        assertEquals(50, paths.size());
        assertEquals(LoadDriver.byNamePath(catalog.ref(49)), paths.get(49));
    }

    @Test
    void byQueryScriptFollowsCursorsAsTheJavaScenarioDoes() {
        String script = WrkRunner.byQueryScript(Path.of("/tmp/w/token"), "/api/catalog" + LoadDriver.BY_QUERY_FIRST_PAGE,
                "/api/catalog" + LoadDriver.BY_QUERY_CURSOR_PREFIX, 5, 9);
        assertTrue(script.contains("local first_path = \"/api/catalog/entities/by-query?filter=kind%3Dcomponent%2Cspec.type"
                + "%3Dservice&limit=50&orderField=metadata.name%2Casc\""), script);
        assertTrue(script.contains("local cursor_prefix = \"/api/catalog/entities/by-query?limit=50&cursor=\""), script);
        assertTrue(script.contains("local pages = 5"), script);
        assertTrue(script.contains("function response(status, headers, body)"), script);
        assertTrue(script.contains("'\"nextCursor\"%s*:%s*\"([^\"]*)\"'"), script);
        assertTrue(script.contains("\"[^A-Za-z0-9%.%-%*_]\""), "cursor encoded like URLEncoder:\n" + script);
        assertTrue(script.contains("string.format(\"%%%02X\", c:byte())"), script);
        assertTrue(script.contains("wrk.headers[\"Authorization\"]"), script);
    }

    @Test
    void luaStringLiteralsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\010d\\195\\169\"", WrkRunner.lua("a\"b\\c\nd\u00e9"));
    }

    @Test
    void findsWrkOnThePathOrWhereItIsGiven() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path wrk = Files.writeString(bin.resolve("wrk"), "#!/bin/sh\necho 'wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer'\n");
        Files.setPosixFilePermissions(wrk, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertEquals(Optional.of(wrk), WrkRunner.locate(null, empty + ":" + bin));
        assertEquals(Optional.empty(), WrkRunner.locate(null, empty.toString()));
        assertEquals(Optional.empty(), WrkRunner.locate(null, null));
        assertEquals(Optional.of(wrk), WrkRunner.locate(wrk.toString(), empty.toString()));
        assertEquals(Optional.empty(), WrkRunner.locate(tmp.resolve("nope/wrk").toString(), bin.toString()));
        assertEquals("4.1.0", WrkRunner.version(wrk));
        assertEquals("4.1.0", WrkRunner.parseVersion("wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\nUsage:"));
    }

    @Test
    void fallsBackToTheJavaDriverWhenWrkIsMissing() {
        Path wrk = Path.of("/usr/bin/wrk");
        WrkRunner.Choice auto = WrkRunner.choose(WrkRunner.AUTO, Optional.empty());
        assertTrue(auto.wrk().isEmpty());
        assertTrue(auto.message().contains("Java driver"), auto.message());
        assertEquals(Optional.of(wrk), WrkRunner.choose(WrkRunner.AUTO, Optional.of(wrk)).wrk());
        assertNull(WrkRunner.choose(WrkRunner.AUTO, Optional.of(wrk)).message());
        assertTrue(WrkRunner.choose(WrkRunner.JAVA, Optional.of(wrk)).wrk().isEmpty());
        assertEquals(Optional.of(wrk), WrkRunner.choose(WrkRunner.WRK, Optional.of(wrk)).wrk());
        assertThrows(IllegalArgumentException.class, () -> WrkRunner.choose(WrkRunner.WRK, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> LoadDriver.Options.parse("--entities", "1", "--driver", "curl"));
        assertEquals("auto", LoadDriver.Options.parse("--entities", "1").driver());
    }

    @Test
    void aDriverWithoutWrkRunsTheQueryScenariosInJava() throws Exception {
        CatalogGenerator generator = new CatalogGenerator(100, 1);
        Path catalog = tmp.resolve("catalog");
        generator.writeTo(catalog);
        try (FakeCatalog fake = new FakeCatalog("t", FakeCatalog.refsOf(generator), 10)) {
            fake.registerNow();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            LoadDriver.RunReport report = new LoadDriver(LoadDriver.Options.parse("--catalog", catalog.toString(),
                    "--base", fake.base(), "--token-cmd", "printf t", "--scenarios", "facets,count",
                    "--wrk", tmp.resolve("no/wrk").toString(), "--warmup", "0", "--duration", "200ms",
                    "--results", tmp.resolve("r").toString()),
                    new PrintStream(printed, true, StandardCharsets.UTF_8),
                    new PrintStream(logged, true, StandardCharsets.UTF_8)).run();
            assertTrue(logged.toString(StandardCharsets.UTF_8).contains("wrk not found"), logged.toString(StandardCharsets.UTF_8));
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("driver: Java HttpClient"));
            for (ScenarioResult r : report.results()) {
                assertEquals("java", r.driver());
                assertTrue(r.requests() > 0 && r.errors() == 0, r.scenario() + ": " + r.firstError());
            }
        }
    }

    /** Runs the generated scripts through the real wrk against the in-process fake catalog, when wrk is installed. */
    @Test
    void wrkRunsEveryQueryScenarioAgainstAFakeCatalog() throws Exception {
        Optional<Path> wrk = WrkRunner.locate(null, System.getenv("PATH"));
        assumeTrue(wrk.isPresent(), "wrk is not installed");
        CatalogGenerator generator = new CatalogGenerator(200, 7);
        Path catalog = tmp.resolve("catalog");
        generator.writeTo(catalog);
        Path tokenFile = Files.writeString(tmp.resolve("token"), "s3cret\n");
        try (FakeCatalog fake = new FakeCatalog("s3cret", FakeCatalog.refsOf(generator), 10)) {
            fake.registerNow();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            LoadDriver.RunReport report = new LoadDriver(LoadDriver.Options.parse("--catalog", catalog.toString(),
                    "--base", fake.base(), "--token-file", tokenFile.toString(), "--skip-ingest", "--driver", "wrk",
                    "--scenarios", "by-name,by-query,facets,count",
                    "--concurrency", "4", "--warmup", "0", "--duration", "1s", "--pages", "3", "--results",
                    tmp.resolve("r").toString()), new PrintStream(printed, true, StandardCharsets.UTF_8), QUIET).run();
            String table = printed.toString(StandardCharsets.UTF_8);
            assertTrue(table.contains("driver: wrk "), table);
            assertEquals(List.of(LoadDriver.BY_NAME, LoadDriver.BY_QUERY, LoadDriver.FACETS, LoadDriver.COUNT),
                    report.results().stream().map(ScenarioResult::scenario).toList());
            for (ScenarioResult r : report.results()) {
                assertEquals("wrk", r.driver());
                assertTrue(r.requests() > 0, r.scenario());
                assertEquals(0, r.errors(), r.scenario() + ": " + r.firstError() + " " + r.statusCounts());
                assertTrue(r.requestsPerSecond() > 0 && r.latencyMs().p99() > 0, r.scenario());
                assertTrue(table.contains("\n| " + r.scenario() + " | 200 | 4 | "), table);
            }
            assertEquals(0, fake.unauthorized.get());
            assertTrue(fake.byNameRequests.get() > 0);
            ScenarioResult byQuery = report.results().get(1);
            assertTrue(byQuery.statusCounts().containsKey("200"), byQuery.statusCounts().toString());
            int cursors = fake.cursorRequests.get();
            long firstPages = byQuery.requests() - cursors;
            assertTrue(cursors > 0, "by-query followed nextCursor");
            // --pages 3: each chain is a first page and two cursor pages (within what is in flight at the end)
            assertTrue(Math.abs(cursors - 2 * firstPages) <= 8 + byQuery.requests() / 100,
                    "first pages " + firstPages + ", cursor pages " + cursors);
        }
    }

    /** Answers with status >= 400 are errors, and by-query keeps the first one (quotes and all) for the report. */
    @Test
    void wrkReportsRejectedRequestsAsErrors() throws Exception {
        Optional<Path> wrk = WrkRunner.locate(null, System.getenv("PATH"));
        assumeTrue(wrk.isPresent(), "wrk is not installed");
        try (FakeCatalog fake = new FakeCatalog("right", java.util.Set.of(), 10);
             WrkRunner runner = new WrkRunner(wrk.get(), URI.create(fake.base()), 2, Duration.ZERO,
                     Duration.ofSeconds(1), Duration.ofSeconds(2), () -> "wrong", QUIET)) {
            ScenarioResult byQuery = runner.byQuery(LoadDriver.BY_QUERY, 1, LoadDriver.BY_QUERY_FIRST_PAGE,
                    LoadDriver.BY_QUERY_CURSOR_PREFIX, 5);
            assertTrue(byQuery.requests() > 0);
            assertEquals(byQuery.requests(), byQuery.errors());
            assertEquals(Map.of("401", byQuery.requests()), byQuery.statusCounts());
            assertEquals("401 {\"error\":{\"name\":\"AuthenticationError\",\"message\":\"no token\"}}",
                    byQuery.firstError());

            ScenarioResult count = runner.fixed(LoadDriver.COUNT, 1, LoadDriver.COUNT_PATH);
            assertEquals(count.requests(), count.errors());
            assertEquals(Map.of("4xx-5xx", count.requests()), count.statusCounts());
            assertTrue(Files.isDirectory(runner.workDir()));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(runner.workDir().resolve("token"))));
            runner.close();
            assertFalse(Files.exists(runner.workDir()), "scripts and token are removed");
        }
    }

    @Test
    void refusesToStartWrkForANonLoopbackBase() {
        assertThrows(IllegalArgumentException.class, () -> new WrkRunner(Path.of("/usr/bin/wrk"),
                URI.create("http://192.168.1.1:8081/api/catalog"), 16, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1), () -> "t", QUIET));
        assertNotNull(LoadDriver.Options.parse("--entities", "1", "--driver", "wrk"));
    }
}
