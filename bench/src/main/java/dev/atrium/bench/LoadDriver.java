package dev.atrium.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** HTTP load driver that measures a running catalog against the DESIGN §10 performance targets. */
public final class LoadDriver {

    /** Registers the generated catalog and waits until every entity is visible. */
    public static final String INGEST = "ingest";
    /** Random single-entity lookups by kind, namespace and name. */
    public static final String BY_NAME = "by-name";
    /** A filtered, ordered query followed through a few cursor pages. */
    public static final String BY_QUERY = "by-query";
    /** Facet counts for kind, spec.type and spec.lifecycle. */
    public static final String FACETS = "facets";
    /** {@code totalItems} of a filtered query with {@code limit=0}. */
    public static final String COUNT = "count";
    /**
     * A new entity added to the file of a registered location, then {@code POST /refresh} of that location: one
     * sample is the time from the refresh until by-name finds the entity.
     */
    public static final String NEW_ENTITY = "new-entity";
    /** How many entities {@link #NEW_ENTITY} adds, one after another. */
    static final int NEW_ENTITY_SAMPLES = 10;
    /** All scenarios, in the order they run; each user-query scenario reports a cold and a warm result. */
    public static final List<String> SCENARIOS = List.of(INGEST, BY_NAME, BY_QUERY, FACETS, COUNT,
            UserQueries.FILTERED_QUERY, UserQueries.FILTERED_COUNT, UserQueries.FILTERED_FACETS, UserQueries.FULL_TEXT,
            NEW_ENTITY);

    /** Filter that matches exactly the kinds the generator writes (not the Location entities). */
    static final String GENERATED_KINDS_FILTER = "kind=component,kind=api,kind=resource,kind=system,kind=domain,"
            + "kind=group,kind=user,kind=aimodel,kind=toolchain";
    /** First page of the by-query scenario, relative to the base URL. */
    static final String BY_QUERY_FIRST_PAGE = "/entities/by-query?filter=" + encode("kind=component,spec.type=service")
            + "&limit=50&orderField=" + encode("metadata.name,asc");
    /** A by-query cursor page is this followed by the URL-encoded {@code pageInfo.nextCursor}. */
    static final String BY_QUERY_CURSOR_PREFIX = "/entities/by-query?limit=50&cursor=";
    /** The facets request, relative to the base URL. */
    static final String FACETS_PATH = "/entity-facets?facet=kind&facet=" + encode("spec.type") + "&facet="
            + encode("spec.lifecycle");
    /** The count request, relative to the base URL. */
    static final String COUNT_PATH = "/entities/by-query?filter=" + encode("kind=component") + "&limit=0";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final Options options;
    private final LocalIssuer issuer;
    private final TokenSource tokens;
    private URI base;
    /** The service this run started, if it did. */
    private ServiceUnderTest running;
    /** Seconds the registration request of the last ingest took (its share of the ingest time). */
    private Double registrationSeconds;
    private final HttpClient client;
    private final PrintStream out;
    private final PrintStream log;

    /** Command-line options of the driver. */
    public record Options(URI base, Path catalogDir, Path tokenFile, String tokenCommand, Duration tokenRefresh,
                          List<String> scenarios, int concurrency, Duration warmup, Duration duration,
                          long maxRequests, int pages, Duration requestTimeout, Duration ingestTimeout,
                          Duration pollInterval, Path resultsDir, boolean check, boolean fresh, String postgresVersion,
                          String driver, String wrk, Managed managed, Long servicePid, int coldQueries) {

        static final Set<String> VALUE_OPTIONS = Set.of("base", "catalog", "entities", "token-file", "token-cmd",
                "token-refresh", "scenarios", "concurrency", "warmup", "duration", "max-requests", "pages", "timeout",
                "ingest-timeout", "poll-interval", "results", "pg-version", "driver", "wrk", "service-jar",
                "jvm-options", "java", "db-url", "service-log", "start-timeout", "idle-settle", "service-pid",
                "cold-queries", "aot-cache");
        static final Set<String> FLAG_OPTIONS = Set.of("check", "skip-ingest", "fresh", "help");

        /** Parses the command line; throws {@link IllegalArgumentException} with a readable message on bad input. */
        public static Options parse(String... args) {
            CliArgs cli = CliArgs.parse(args, VALUE_OPTIONS, FLAG_OPTIONS);
            URI base = requireLoopback(cli.string("base", "http://localhost:8081/api/catalog"));
            Path catalog;
            if (cli.values().containsKey("catalog")) {
                catalog = Path.of(cli.string("catalog", null));
            } else if (cli.values().containsKey("entities")) {
                catalog = Path.of("bench", "out", "catalog-" + cli.integer("entities", 0));
            } else {
                throw new IllegalArgumentException("give --catalog DIR (a generated catalog) or --entities N");
            }
            if (cli.values().containsKey("token-file") && cli.values().containsKey("token-cmd")) {
                throw new IllegalArgumentException("give either --token-file or --token-cmd, not both");
            }
            List<String> scenarios = new ArrayList<>();
            for (String s : cli.string("scenarios", String.join(",", SCENARIOS)).split(",")) {
                String name = s.trim().toLowerCase(Locale.ROOT);
                if (!SCENARIOS.contains(name)) {
                    throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + SCENARIOS);
                }
                if (!scenarios.contains(name) && !(name.equals(INGEST) && cli.has("skip-ingest"))) {
                    scenarios.add(name);
                }
            }
            scenarios.sort((a, b) -> SCENARIOS.indexOf(a) - SCENARIOS.indexOf(b));
            int concurrency = cli.integer("concurrency", 16);
            long maxRequests = cli.longValue("max-requests", 1_000_000);
            int pages = cli.integer("pages", 5);
            if (concurrency < 1 || concurrency > 1024) {
                throw new IllegalArgumentException("--concurrency must be between 1 and 1024");
            }
            if (maxRequests < 1 || pages < 1) {
                throw new IllegalArgumentException("--max-requests and --pages must be at least 1");
            }
            String driver = cli.string("driver", WrkRunner.AUTO).trim().toLowerCase(Locale.ROOT);
            if (!WrkRunner.DRIVERS.contains(driver)) {
                throw new IllegalArgumentException("--driver must be one of " + WrkRunner.DRIVERS + ", got '"
                        + cli.string("driver", null) + "'");
            }
            String tokenFile = cli.string("token-file", null);
            Managed managed = null;
            if (cli.values().containsKey("service-jar")) {
                if (cli.values().containsKey("base") || cli.values().containsKey("service-pid")) {
                    throw new IllegalArgumentException("--service-jar starts the service itself: leave out --base and --service-pid");
                }
                if (!cli.values().containsKey("jvm-options") || !cli.values().containsKey("db-url")) {
                    throw new IllegalArgumentException("--service-jar needs --jvm-options FILE and --db-url JDBC-URL");
                }
                String db = cli.string("db-url", null);
                if (!db.startsWith("jdbc:postgresql://127.0.0.1") && !db.startsWith("jdbc:postgresql://localhost")) {
                    throw new IllegalArgumentException("--db-url must be a PostgreSQL database on this machine, got " + db);
                }
                managed = new Managed(Path.of(cli.string("service-jar", null)).toAbsolutePath().normalize(),
                        Path.of(cli.string("jvm-options", null)).toAbsolutePath().normalize(),
                        Path.of(cli.string("java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                        db, Path.of(cli.string("service-log", "bench/out/catalog-service.log")).toAbsolutePath().normalize(),
                        cli.duration("start-timeout", Duration.ofMinutes(2)),
                        cli.duration("idle-settle", Duration.ofSeconds(10)),
                        cli.values().containsKey("aot-cache") ? Path.of(cli.string("aot-cache", null)).toAbsolutePath().normalize() : null);
            } else if (cli.values().containsKey("aot-cache")) {
                throw new IllegalArgumentException("--aot-cache goes with --service-jar: the bench starts the service with it");
            }
            Long servicePid = cli.values().containsKey("service-pid") ? cli.longValue("service-pid", -1) : null;
            int coldQueries = cli.integer("cold-queries", 100);
            if (coldQueries < 1) {
                throw new IllegalArgumentException("--cold-queries must be at least 1");
            }
            return new Options(base, catalog.toAbsolutePath().normalize(),
                    tokenFile == null ? null : Path.of(tokenFile), cli.string("token-cmd", null),
                    cli.duration("token-refresh", Duration.ofMinutes(4)), List.copyOf(scenarios), concurrency,
                    cli.duration("warmup", Duration.ofSeconds(5)), cli.duration("duration", Duration.ofSeconds(20)),
                    maxRequests, pages, cli.duration("timeout", Duration.ofSeconds(10)),
                    cli.duration("ingest-timeout", Duration.ofMinutes(30)),
                    cli.duration("poll-interval", Duration.ofMillis(250)),
                    Path.of(cli.string("results", "bench/out")).toAbsolutePath().normalize(), cli.has("check"),
                    cli.has("fresh"), cli.string("pg-version", null), driver, cli.string("wrk", null), managed,
                    servicePid, coldQueries);
        }
    }

    /**
     * The service the run starts itself: {@code jar} launched with {@code jvmOptions} (the file the service ships) by
     * {@code java}, on database {@code dbUrl} (user and password from ATRIUM_BENCH_DB_USER / _PASSWORD, default
     * atrium), with tokens from a {@link LocalIssuer}; its output goes to {@code log}; with its JDK AOT cache
     * {@code aotCache} when not null.
     */
    public record Managed(Path jar, Path jvmOptions, Path java, String dbUrl, Path log, Duration startTimeout,
                          Duration idleSettle, Path aotCache) {
    }

    /** Everything one run measured and, with {@code --check}, how it compares with the targets. */
    public record RunReport(List<ScenarioResult> results, List<CheckResult> checks, List<Path> files,
                            ServiceReport service) {

        /** Whether every check passed (true when nothing was checked). */
        public boolean passed() {
            return checks.stream().allMatch(CheckResult::pass);
        }
    }

    /** A driver for {@code options} that prints results to stdout and progress to stderr. */
    public LoadDriver(Options options) {
        this(options, System.out, System.err);
    }

    /**
     * A driver for {@code options} printing the results table to {@code out} and progress to {@code log}; it owns
     * its HTTP client and token source until {@link #run()} returns.
     */
    public LoadDriver(Options options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
        this.base = options.base();
        try {
            this.issuer = options.managed() == null ? null : new LocalIssuer(Duration.ofHours(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local token issuer", e);
        }
        this.tokens = issuer != null ? TokenSource.fromSupplier(issuer::token, options.tokenRefresh())
                : options.tokenFile() != null ? TokenSource.fromFile(options.tokenFile(), options.tokenRefresh())
                : options.tokenCommand() != null ? TokenSource.fromCommand(options.tokenCommand(), options.tokenRefresh())
                : TokenSource.none();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** See {@link #usage()}; exits 0 on success, 1 when {@code --check} found a failing target, 2 on bad usage, 3 on errors. */
    public static void main(String[] args) {
        Options options;
        try {
            if (Arrays.asList(args).contains("--help")) {
                System.out.println(usage());
                return;
            }
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        try {
            RunReport report = new LoadDriver(options).run();
            System.exit(options.check() && !report.passed() ? 1 : 0);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(3);
        }
    }

    static String usage() {
        return """
                usage: LoadDriver (--catalog DIR | --entities N) [options]
                  --catalog DIR          generated catalog (with bench-manifest.json); default bench/out/catalog-N
                  --base URL             catalog API, loopback only (default http://localhost:8081/api/catalog)
                  --token-file F         bearer token read from F (re-read every --token-refresh)
                  --token-cmd "CMD"      bearer token printed by CMD (re-run every --token-refresh, default 4m)
                  --scenarios LIST       comma-separated subset of ingest,by-name,by-query,facets,count,filtered-query,
                                         filtered-count,filtered-facets,full-text (default all)
                  --skip-ingest          the catalog is already loaded: leave ingest out
                  --fresh                if the location is already registered, unregister it and ingest again
                  --concurrency C        concurrent requests (default 16)
                  --warmup D             warm-up per scenario (default 5s)
                  --duration D           measurement per scenario (default 20s)
                  --max-requests R       request cap per warm-up and per measurement (default 1000000; Java driver)
                  --pages P              by-query pages followed per cursor chain (default 5)
                  --timeout D            per-request timeout (default 10s)
                  --ingest-timeout D     give up waiting for ingest after D (default 30m)
                  --poll-interval D      ingest polling interval (default 250ms)
                  --results DIR          where <timestamp>-<scenario>.json go (default bench/out)
                  --pg-version TEXT      PostgreSQL version, recorded with the results
                  --driver D             auto, wrk or java: what sends the by-name, by-query, facets and count
                                         requests (default auto: wrk when it is installed, else java)
                  --wrk PATH             the wrk executable (default: wrk on PATH)
                  --cold-queries N       distinct requests per user-query scenario (default 100): each is sent once
                                         (the cold result), then all of them again under load (the warm result)
                  --service-pid PID      sample the resident set of this (already running) service process
                  --service-jar JAR      start the service itself (twice: on the empty database, then as a
                                         restart), measure start time and memory, stop it at the end; needs
                  --jvm-options FILE     the JVM options file the service ships (catalog-service/src/main/jvm/)
                  --aot-cache FILE       start it with this JDK AOT cache (-XX:AOTCache; bench/run writes it with
                                         catalog-service/src/main/jvm/aot-cache for the options in use)
                  --db-url URL           a fresh local database for it (ATRIUM_BENCH_DB_USER/_PASSWORD, default atrium)
                  --java PATH            java to run it with (default: the driver's own)
                  --service-log FILE     where its output goes (default bench/out/catalog-service.log)
                  --start-timeout D      give up waiting for /q/health/ready after D (default 2m)
                  --idle-settle D        idle time after start before the idle RSS is read (default 10s)
                  --check                compare with the DESIGN §10 targets, print PASS/FAIL, exit 1 on a FAIL""";
    }

    /**
     * Refuses anything but a loopback target, so the driver cannot be pointed at someone else's server.
     *
     * @throws IllegalArgumentException if {@code base} is not an http(s) URL on localhost, 127.0.0.1 or ::1
     */
    public static URI requireLoopback(String base) {
        URI uri;
        try {
            uri = new URI(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--base is not a URL: " + base);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getUserInfo() != null
                || !LOOPBACK_HOSTS.contains(host) || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("--base must be an http(s) URL on localhost, 127.0.0.1 or [::1]; got " + base);
        }
        return uri;
    }

    /**
     * Runs the chosen scenarios one after another, printing the results table and writing one JSON file each. With
     * {@link Managed} settings the service is started first (twice: once on the empty database, which it migrates,
     * then again as a restart would) and stopped at the end; its start time and resident set are reported.
     */
    public RunReport run() throws IOException, InterruptedException {
        try (tokens; client; issuer) {
            CatalogManifest manifest = CatalogManifest.read(options.catalogDir());
            CatalogGenerator catalog = new CatalogGenerator(manifest.entities(), manifest.seed(),
                    manifest.entitiesPerFile());
            String stamp = STAMP.format(Instant.now());
            Machine machine = Machine.detect(options.postgresVersion());
            Files.createDirectories(options.resultsDir());

            ServiceUnderTest service = null;
            MemorySampler memory = null;
            CpuMeter cpu = null;
            ServiceReport serviceReport = null;
            Double firstStart = null;
            Double idleRss = null;
            try {
                if (options.managed() != null) {
                    ServiceUnderTest.Launch launch = launch(manifest);
                    log.println("service: first start, on an empty database (runs the migrations): "
                            + String.join(" ", ServiceUnderTest.command(launch)));
                    try (ServiceUnderTest first = ServiceUnderTest.start(launch, client)) {
                        firstStart = first.startSeconds();
                        log.printf(Locale.ROOT, "service: ready after %.2f s; stopping it for a measured restart%n", firstStart);
                    }
                    service = ServiceUnderTest.start(launch, client);
                    running = service;
                    base = service.base();
                    memory = new MemorySampler(service.pid(), SAMPLE_EVERY);
                    log.printf(Locale.ROOT, "service: pid %d ready after %.2f s at %s; idle for %s%n", service.pid(),
                            service.startSeconds(), base, human(options.managed().idleSettle()));
                    Thread.sleep(options.managed().idleSettle().toMillis());
                    idleRss = memory.rssKb().isPresent() ? MemorySampler.toMb(memory.rssKb().getAsLong()) : null;
                    cpu = new CpuMeter(service.pid(), databaseName(options.managed().dbUrl()));
                } else if (options.servicePid() != null) {
                    memory = new MemorySampler(options.servicePid(), SAMPLE_EVERY);
                    cpu = new CpuMeter(options.servicePid(), ATTACHED_DATABASE);
                    idleRss = memory.rssKb().isPresent() ? MemorySampler.toMb(memory.rssKb().getAsLong()) : null;
                }

                long visible = preflight();
                boolean ingesting = options.scenarios().contains(INGEST);
                if (!ingesting && visible < manifest.entities()) {
                    log.printf(Locale.ROOT, "warning: only %d generated-kind entities are visible, the catalog has %d;"
                            + " by-name lookups of missing entities count as errors%n", visible, manifest.entities());
                }

                List<ScenarioResult> results = new ArrayList<>();
                List<CheckResult> checks = new ArrayList<>();
                List<Path> files = new ArrayList<>();
                UserQueries userQueries = new UserQueries(catalog);
                try (WrkRunner wrk = wrkRunner()) {
                    String drivers = driverNote(wrk);
                    out.println();
                    out.println("driver: " + drivers);
                    out.println();
                    out.println(ScenarioResult.MARKDOWN_HEADER);
                    for (String scenario : options.scenarios()) {
                        int n = manifest.entities();
                        List<ScenarioResult> produced = new ArrayList<>();
                        MemorySampler.Window window = memory == null ? null : memory.window();
                        CpuMeter.Reading cpuBefore = cpu == null ? null : cpu.read();
                        switch (scenario) {
                            case INGEST -> produced.add(ingest(manifest));
                            case BY_NAME -> produced.add(wrk != null ? wrk.byName(BY_NAME, n, byNamePaths(catalog))
                                    : timed(BY_NAME, n, worker -> byName(catalog, worker)));
                            case BY_QUERY -> produced.add(wrk != null
                                    ? wrk.byQuery(BY_QUERY, n, BY_QUERY_FIRST_PAGE, BY_QUERY_CURSOR_PREFIX, options.pages())
                                    : timed(BY_QUERY, n, worker -> new ByQueryScript()));
                            case FACETS -> produced.add(wrk != null ? wrk.fixed(FACETS, n, FACETS_PATH) : timed(FACETS, n, worker -> facets()));
                            case COUNT -> produced.add(wrk != null ? wrk.fixed(COUNT, n, COUNT_PATH) : timed(COUNT, n, worker -> count()));
                            case NEW_ENTITY -> produced.add(newEntities(n));
                            default -> {
                                List<String> paths = userQueries.inputs(scenario, options.coldQueries(), scenario.hashCode())
                                        .stream().map(input -> UserQueries.path(scenario, input)).toList();
                                ScenarioResult cold = cold(scenario + UserQueries.COLD, n, paths);
                                produced.add(measured(cold, window, cpu, cpuBefore));
                                window = memory == null ? null : memory.window();
                                cpuBefore = cpu == null ? null : cpu.read();
                                produced.add(wrk != null ? wrk.byName(scenario + UserQueries.WARM, n, paths.iterator())
                                        : timed(scenario + UserQueries.WARM, n, worker -> rotating(paths, worker)));
                            }
                        }
                        int last = produced.size() - 1;
                        produced.set(last, measured(produced.get(last), window, cpu, cpuBefore));
                        for (ScenarioResult result : produced) {
                            results.add(result);
                            out.println(result.markdownRow());
                            List<CheckResult> scenarioChecks = options.check() ? Targets.check(result) : List.of();
                            checks.addAll(scenarioChecks);
                            files.add(writeJson(stamp, result, scenarioChecks, manifest, machine, drivers));
                        }
                    }
                }
                out.println();
                for (ScenarioResult r : results) {
                    if (r.firstError() != null) {
                        out.println("first error in " + r.scenario() + ": " + r.firstError());
                    }
                }
                if (memory != null) {
                    Double peak = memory.hwmKb().isPresent() ? MemorySampler.toMb(memory.hwmKb().getAsLong()) : null;
                    serviceReport = new ServiceReport(service == null ? options.servicePid() : Long.valueOf(service.pid()),
                            firstStart, service == null ? null : service.startSeconds(), idleRss, peak,
                            service == null ? null : service.describe());
                    out.println();
                    serviceReport.markdown().forEach(out::println);
                    List<CheckResult> serviceChecks = options.check() ? Targets.check(serviceReport) : List.of();
                    checks.addAll(serviceChecks);
                    files.add(writeServiceJson(stamp, serviceReport, serviceChecks, manifest, machine));
                    out.println();
                }
                if (options.check()) {
                    checks.forEach(c -> out.println(c.line()));
                    out.println(checks.stream().allMatch(CheckResult::pass) ? "all targets met" : "some targets missed");
                }
                out.println("results: " + options.resultsDir().resolve(stamp + "-*.json"));
                return new RunReport(List.copyOf(results), List.copyOf(checks), List.copyOf(files), serviceReport);
            } finally {
                if (memory != null) {
                    memory.close();
                }
                if (service != null) {
                    log.println("service: stopping pid " + service.pid());
                    service.close();
                }
            }
        }
    }

    /** Database name of an attached service (the one dev/up creates). */
    static final String ATTACHED_DATABASE = "atrium_catalog";

    /** {@code r} with the peak RSS of {@code window} and the CPU used since {@code before}, when they are known. */
    private static ScenarioResult measured(ScenarioResult r, MemorySampler.Window window, CpuMeter cpu,
                                           CpuMeter.Reading before) {
        ScenarioResult out = window == null ? r : r.withRssPeakMb(window.peakMb());
        if (cpu != null && before != null) {
            CpuMeter.Usage used = cpu.read().since(before);
            out = out.withCpu(used.serviceSeconds() < 0 ? null : used.serviceSeconds(), used.databaseSeconds());
        }
        return out;
    }

    /** The database name of a JDBC URL ({@code jdbc:postgresql://host:port/name?...}). */
    static String databaseName(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        String name = slash < 0 ? "" : rest.substring(slash + 1);
        int q = name.indexOf('?');
        return q < 0 ? name : name.substring(0, q);
    }

    /** How often the service's resident set is sampled. */
    static final Duration SAMPLE_EVERY = Duration.ofMillis(100);

    private ServiceUnderTest.Launch launch(CatalogManifest manifest) {
        Managed m = options.managed();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ATRIUM_CATALOG_DB_URL", m.dbUrl());
        env.put("ATRIUM_CATALOG_DB_USER", envOr("ATRIUM_BENCH_DB_USER", "atrium"));
        env.put("ATRIUM_CATALOG_DB_PASSWORD", envOr("ATRIUM_BENCH_DB_PASSWORD", "atrium"));
        env.put("ATRIUM_OIDC_URL", issuer.issuer());
        env.put("ATRIUM_CATALOG_FILE_ROOTS", options.catalogDir().toString());
        return new ServiceUnderTest.Launch(m.java(), m.jar(), m.jvmOptions(), m.aotCache(), env, m.log(), m.startTimeout());
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The service process: how fast it started and how much memory it held (the DESIGN §10 start and RSS targets). */
    public record ServiceReport(Long pid, Double firstStartSeconds, Double startSeconds, Double idleRssMb,
                                Double peakRssMb, Map<String, Object> launch) {

        /** Lines for the report. */
        List<String> markdown() {
            List<String> lines = new ArrayList<>();
            lines.add("| service | value |");
            lines.add("|---|---:|");
            if (firstStartSeconds != null) {
                lines.add(String.format(Locale.ROOT, "| first start, empty database (process start → /q/health/ready) | %.2f s |",
                        firstStartSeconds));
            }
            lines.add(startSeconds == null ? "| start | not measured (the bench did not start the service) |"
                    : String.format(Locale.ROOT, "| start (process start → /q/health/ready) | %.2f s |", startSeconds));
            lines.add(idleRssMb == null ? "| idle RSS | unknown |"
                    : String.format(Locale.ROOT, "| %s RSS (VmRSS) | %.0f MB |", firstStartSeconds != null ? "idle" : "first sampled",
                            idleRssMb));
            lines.add(peakRssMb == null ? "| peak RSS | unknown |"
                    : String.format(Locale.ROOT, "| peak RSS over the whole run (VmHWM) | %.0f MB |", peakRssMb));
            if (launch != null) {
                lines.add("");
                lines.add("service command: " + launch.get("command"));
                lines.add("JVM options: " + String.join(" ", (List<String>) launch.get("jvmOptions")));
            }
            return lines;
        }
    }

    /** Each path once, one after another: the first request the service sees with each of them. */
    private ScenarioResult cold(String scenario, int entities, List<String> paths) throws InterruptedException {
        log.printf(Locale.ROOT, "%s: %d requests, each sent once, one at a time%n", scenario, paths.size());
        Phase stats = new Phase(LatencySummary.newHistogram());
        long start = System.nanoTime();
        for (String path : paths) {
            HttpRequest request = get(path);
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                stats.record(r.statusCode(), System.nanoTime() - t0, r.statusCode() / 100 == 2 ? null : r.body());
            } catch (IOException e) {
                stats.recordFailure(e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ScenarioResult(scenario, entities, 1, stats.requests, stats.errors, stats.statusCounts, seconds,
                seconds > 0 ? stats.requests / seconds : 0, LatencySummary.of(stats.histogram), null, stats.firstError);
    }

    private Script rotating(List<String> paths, int worker) {
        SplittableRandom random = new SplittableRandom(0xC01DL * 31 + worker);
        return () -> get(paths.get(random.nextInt(paths.size())));
    }

    // ---- drivers ------------------------------------------------------------------------------------------

    /** The wrk runner for the HTTP query scenarios, or null when they run on the Java driver (or do not run). */
    private WrkRunner wrkRunner() throws IOException {
        if (options.scenarios().stream().allMatch(INGEST::equals)) {
            return null;
        }
        WrkRunner.Choice choice;
        try {
            choice = WrkRunner.choose(options.driver(), WrkRunner.locate(options.wrk(), System.getenv("PATH")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (choice.message() != null) {
            log.println(choice.message());
        }
        if (choice.wrk().isEmpty()) {
            return null;
        }
        if (options.warmup().toMillis() % 1000 != 0 || options.duration().toMillis() % 1000 != 0
                || options.requestTimeout().toMillis() % 1000 != 0) {
            log.println("note: wrk takes whole seconds; the warm-up, duration and timeout are rounded up");
        }
        return new WrkRunner(choice.wrk().get(), base, options.concurrency(), options.warmup(),
                options.duration(), options.requestTimeout(), tokens::token, log);
    }

    /** Which driver sends which scenario's requests, for the report. */
    private String driverNote(WrkRunner wrk) {
        List<String> queries = options.scenarios().stream().filter(s -> !s.equals(INGEST)).toList();
        boolean ingest = options.scenarios().contains(INGEST);
        if (wrk == null) {
            return queries.isEmpty() ? "Java HttpClient"
                    : "Java HttpClient (virtual threads, " + options.concurrency() + " workers)";
        }
        return wrk.description() + " for " + String.join(", ", queries)
                + (ingest ? "; Java HttpClient for ingest" : "");
    }

    // ---- scenarios ----------------------------------------------------------------------------------------

    /** One worker's stream of requests within a scenario. */
    private interface Script {
        HttpRequest next();

        /** Sees each response; {@code status} is -1 and {@code body} null when the request failed in transport. */
        default void onResponse(int status, byte[] body) {
        }

        default boolean wantsBody() {
            return false;
        }
    }

    /** The by-name request for {@code ref}, relative to the base URL. */
    static String byNamePath(EntityRef ref) {
        return "/entities/by-name/" + encode(ref.kind().toLowerCase(Locale.ROOT)) + "/" + encode(ref.namespace()) + "/"
                + encode(ref.name());
    }

    /** The by-name requests for every entity of {@code catalog}, in catalog order. */
    static Iterator<String> byNamePaths(CatalogGenerator catalog) {
        return IntStream.range(0, catalog.size()).mapToObj(i -> byNamePath(catalog.ref(i))).iterator();
    }

    private Script byName(CatalogGenerator catalog, int worker) {
        SplittableRandom random = new SplittableRandom(0x5EEDL * 31 + worker);
        return () -> get(byNamePath(catalog.ref(random.nextInt(catalog.size()))));
    }

    /** First page of a filtered, ordered query, then {@code pageInfo.nextCursor} for up to {@code --pages} pages. */
    private final class ByQueryScript implements Script {
        private String cursor;
        private int page;

        @Override
        public HttpRequest next() {
            if (cursor == null) {
                return get(BY_QUERY_FIRST_PAGE);
            }
            return get(BY_QUERY_CURSOR_PREFIX + encode(cursor));
        }

        @Override
        public void onResponse(int status, byte[] body) {
            String next = status / 100 == 2 && page + 1 < options.pages() ? nextCursor(body) : null;
            cursor = next;
            page = next == null ? 0 : page + 1;
        }

        @Override
        public boolean wantsBody() {
            return true;
        }
    }

    private Script facets() {
        HttpRequest request = get(FACETS_PATH);
        return () -> withToken(request);
    }

    private Script count() {
        HttpRequest request = get(COUNT_PATH);
        return () -> withToken(request);
    }

    /** Warm-up, then a measured phase; both bounded by time and by {@code --max-requests}. */
    private ScenarioResult timed(String scenario, int entities, IntFunction<Script> scripts) throws InterruptedException {
        log.printf(Locale.ROOT, "%s: warm-up %s, then measuring %s at concurrency %d%n", scenario,
                human(options.warmup()), human(options.duration()), options.concurrency());
        phase(scripts, options.warmup());
        Phase measured = phase(scripts, options.duration());
        double seconds = measured.nanos / 1e9;
        return new ScenarioResult(scenario, entities, options.concurrency(), measured.requests, measured.errors,
                measured.statusCounts, seconds, seconds > 0 ? measured.requests / seconds : 0,
                LatencySummary.of(measured.histogram), null, measured.firstError);
    }

    private ScenarioResult ingest(CatalogManifest manifest) throws IOException, InterruptedException {
        Path root = options.catalogDir().resolve(manifest.rootFile()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root)) {
            throw new IllegalStateException("no generated catalog at " + root);
        }
        Phase stats = new Phase(LatencySummary.newHistogram());
        long baseline = countGenerated(stats);
        log.printf(Locale.ROOT, "ingest: registering %s (%d generated-kind entities already visible)%n", root,
                baseline);
        String body = JSON.writeValueAsString(Map.of("type", "file", "target", root.toString()));
        long start = System.nanoTime();
        HttpResponse<String> created = send(post("/locations", body), stats);
        if (created != null && created.statusCode() == 409) {
            if (!options.fresh()) {
                stats.explain("location already registered (409): the catalog is loaded; use --skip-ingest, "
                        + "or --fresh to unregister and ingest again");
                return ingestResult(manifest, stats, start, null);
            }
            baseline = unregister(root, baseline, manifest.entities(), stats);
            start = System.nanoTime();
            created = send(post("/locations", body), stats);
        }
        if (created == null || created.statusCode() / 100 != 2) {
            if (created != null) {
                stats.explain("POST /locations -> " + created.statusCode() + " " + abbreviate(created.body()));
            }
            return ingestResult(manifest, stats, start, null);
        }
        registrationSeconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "ingest: POST /locations answered %d after %.2f s%n", created.statusCode(), registrationSeconds);
        long expected = baseline + manifest.entities();
        long deadline = start + options.ingestTimeout().toNanos();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        long seen = baseline;
        while (System.nanoTime() < deadline) {
            Thread.sleep(options.pollInterval().toMillis());
            if (running != null && !running.alive()) {
                stats.noteError("service exited");
                stats.explain("the service exited during ingest (see its log) with " + (seen - baseline) + " of "
                        + manifest.entities() + " entities visible");
                return ingestResult(manifest, stats, start, null);
            }
            long polled = countGenerated(stats);
            long now = System.nanoTime();
            if (polled >= 0) {
                seen = polled;
            }
            if (seen >= expected) {
                double seconds = (now - start) / 1e9;
                log.printf(Locale.ROOT, "ingest: all %d entities visible after %.1f s%n", manifest.entities(), seconds);
                return ingestResult(manifest, stats, start, seconds);
            }
            if (now >= nextProgress) {
                log.printf(Locale.ROOT, "ingest: %d/%d visible after %.0f s%n", seen - baseline,
                        manifest.entities(), (now - start) / 1e9);
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
        }
        stats.noteError("timed out");
        stats.explain("timed out after " + human(options.ingestTimeout()) + " with " + (seen - baseline) + " of "
                + manifest.entities() + " entities visible");
        return ingestResult(manifest, stats, start, null);
    }

    /**
     * Registers a small location of its own (in a {@code new-entities} directory beside the catalog, removed
     * afterwards), then {@link #NEW_ENTITY_SAMPLES} times appends a Component to its file, refreshes the location
     * and polls by-name every 10 ms until the Component is served. Latency samples are refresh → visible.
     */
    private ScenarioResult newEntities(int entities) throws IOException, InterruptedException {
        Phase calls = new Phase(LatencySummary.newHistogram());
        Histogram visible = LatencySummary.newHistogram();
        Path dir = options.catalogDir().resolve("new-entities").toAbsolutePath().normalize();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Path file = dir.resolve("entities-" + run + ".yaml");
        Files.createDirectories(dir);
        log.printf(Locale.ROOT, "%s: %d entities added to %s, each followed by POST /refresh of its location%n", NEW_ENTITY,
                NEW_ENTITY_SAMPLES, file);
        long started = System.nanoTime();
        int failures = 0;
        try {
            StringBuilder yaml = new StringBuilder(component("bench-new-" + run + "-0"));
            Files.writeString(file, yaml);
            HttpResponse<String> created = send(post("/locations", JSON.writeValueAsString(Map.of("type", "file", "target", file.toString()))), calls);
            if (created == null || created.statusCode() / 100 != 2) {
                calls.explain("POST /locations -> " + (created == null ? "no answer" : created.statusCode() + " " + abbreviate(created.body())));
                return newEntityResult(entities, calls, visible, started);
            }
            String locationRef = JSON.readTree(created.body()).at("/location/entityRef").asText();
            if (waitVisible("bench-new-" + run + "-0", calls) < 0) {
                calls.explain("the location's first entity never became visible");
                return newEntityResult(entities, calls, visible, started);
            }
            for (int i = 1; i <= NEW_ENTITY_SAMPLES; i++) {
                String name = "bench-new-" + run + "-" + i;
                yaml.append(component(name));
                Files.writeString(file, yaml);
                long t0 = System.nanoTime();
                HttpResponse<String> refreshed = send(post("/refresh", JSON.writeValueAsString(Map.of("entityRef", locationRef))), calls);
                if (refreshed == null || refreshed.statusCode() / 100 != 2) {
                    failures++;
                    continue;
                }
                long seen = waitVisible(name, calls);
                if (seen < 0) {
                    failures++;
                    calls.noteError("not visible within " + human(NEW_ENTITY_TIMEOUT));
                } else {
                    visible.recordValue(Math.max(1, seen - t0));
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        if (failures > 0) {
            log.printf(Locale.ROOT, "%s: %d of %d entities were not seen%n", NEW_ENTITY, failures, NEW_ENTITY_SAMPLES);
        }
        return newEntityResult(entities, calls, visible, started);
    }

    private static final Duration NEW_ENTITY_TIMEOUT = Duration.ofSeconds(60);

    /** Polls by-name until the Component is served; the time it was first seen (nanoTime), or -1. */
    private long waitVisible(String name, Phase calls) throws InterruptedException {
        long deadline = System.nanoTime() + NEW_ENTITY_TIMEOUT.toNanos();
        HttpRequest request = get("/entities/by-name/component/default/" + name);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = client.send(withToken(request), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return System.nanoTime();
                }
                if (r.statusCode() != 404) {
                    calls.noteError("by-name -> " + r.statusCode());
                }
            } catch (IOException e) {
                calls.recordFailure(e);
            }
            Thread.sleep(10);
        }
        return -1;
    }

    private static String component(String name) {
        return "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
                + "\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/bench-new\n";
    }

    /** Samples are visibility latencies (nanoseconds in the histogram, reported in ms); requests counts the samples. */
    private ScenarioResult newEntityResult(int entities, Phase calls, Histogram visible, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        long samples = visible.getTotalCount();
        return new ScenarioResult(NEW_ENTITY, entities, 1, samples, calls.errors, calls.statusCounts, seconds,
                seconds > 0 ? samples / seconds : 0, LatencySummary.of(visible), null, calls.firstError);
    }

    private ScenarioResult ingestResult(CatalogManifest manifest, Phase stats, long start, Double seconds) {
        double elapsed = seconds != null ? seconds : (System.nanoTime() - start) / 1e9;
        return new ScenarioResult(INGEST, manifest.entities(), 1, stats.requests, stats.errors, stats.statusCounts,
                elapsed, elapsed > 0 ? stats.requests / elapsed : 0, LatencySummary.of(stats.histogram), seconds,
                stats.firstError);
    }

    /** Unregisters the file location for {@code root} and waits until its entities are gone; returns the new baseline. */
    private long unregister(Path root, long visible, int entities, Phase stats) throws IOException, InterruptedException {
        HttpResponse<String> list = send(withToken(get("/locations")), stats);
        if (list == null || list.statusCode() / 100 != 2) {
            throw new IllegalStateException("cannot list locations to unregister " + root);
        }
        String id = null;
        for (JsonNode item : JSON.readTree(list.body())) {
            JsonNode data = item.has("data") ? item.get("data") : item;
            if ("file".equals(data.path("type").asText()) && root.toString().equals(data.path("target").asText())) {
                id = data.path("id").asText();
            }
        }
        if (id == null) {
            throw new IllegalStateException("POST /locations said 409 but no file location targets " + root);
        }
        log.println("ingest: unregistering location " + id + " and waiting for its entities to go");
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/locations/" + encode(id)))
                .timeout(options.requestTimeout()).DELETE(), stats);
        if (deleted == null || deleted.statusCode() / 100 != 2) {
            throw new IllegalStateException("cannot unregister location " + id);
        }
        long target = Math.max(0, visible - entities);
        long deadline = System.nanoTime() + options.ingestTimeout().toNanos();
        long now = visible;
        while (System.nanoTime() < deadline) {
            now = countGenerated(stats);
            if (now >= 0 && now <= target) {
                break;
            }
            Thread.sleep(options.pollInterval().toMillis());
        }
        stats.reset();
        return Math.max(0, now);
    }

    // ---- measurement --------------------------------------------------------------------------------------

    /** Counters of one phase (or one worker within it). */
    private static final class Phase {
        final Histogram histogram;
        final Map<String, Long> statusCounts = new TreeMap<>();
        long requests;
        long errors;
        long nanos;
        String firstError;

        Phase(Histogram histogram) {
            this.histogram = histogram;
        }

        void record(int status, long latencyNanos, String body) {
            requests++;
            histogram.recordValue(Math.max(0, latencyNanos));
            statusCounts.merge(Integer.toString(status), 1L, Long::sum);
            if (status / 100 != 2) {
                noteError(status + " " + abbreviate(body));
            }
        }

        void recordFailure(Exception e) {
            requests++;
            statusCounts.merge("transport", 1L, Long::sum);
            noteError(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }

        void noteError(String message) {
            errors++;
            if (firstError == null) {
                firstError = message;
            }
        }

        /** Replaces the first error message with a more useful one, without counting another error. */
        void explain(String message) {
            firstError = message;
        }

        void add(Phase other) {
            histogram.add(other.histogram);
            other.statusCounts.forEach((k, v) -> statusCounts.merge(k, v, Long::sum));
            requests += other.requests;
            errors += other.errors;
            if (firstError == null) {
                firstError = other.firstError;
            }
        }

        void reset() {
            histogram.reset();
            statusCounts.clear();
            requests = 0;
            errors = 0;
            firstError = null;
        }
    }

    private Phase phase(IntFunction<Script> scripts, Duration length) throws InterruptedException {
        AtomicLong budget = new AtomicLong(options.maxRequests());
        List<Phase> perWorker = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        for (int w = 0; w < options.concurrency(); w++) {
            Phase stats = new Phase(LatencySummary.newHistogram());
            Script script = scripts.apply(w);
            perWorker.add(stats);
            threads.add(Thread.ofVirtual().name("bench-worker-" + w).start(() -> work(script, stats, deadline, budget)));
        }
        long joinBy = deadline + options.requestTimeout().toNanos() + Duration.ofSeconds(5).toNanos();
        for (Thread t : threads) {
            long left = Math.max(1, (joinBy - System.nanoTime()) / 1_000_000);
            if (!t.join(Duration.ofMillis(left))) {
                t.interrupt();
                t.join();
            }
        }
        Phase total = new Phase(LatencySummary.newHistogram());
        perWorker.forEach(total::add);
        total.nanos = System.nanoTime() - start;
        return total;
    }

    private void work(Script script, Phase stats, long deadline, AtomicLong budget) {
        while (System.nanoTime() < deadline && budget.getAndDecrement() > 0 && !Thread.currentThread().isInterrupted()) {
            HttpRequest request = script.next();
            long t0 = System.nanoTime();
            try {
                if (script.wantsBody()) {
                    HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long dt = System.nanoTime() - t0;
                    stats.record(r.statusCode(), dt, r.statusCode() / 100 == 2 ? null : new String(r.body(), StandardCharsets.UTF_8));
                    script.onResponse(r.statusCode(), r.body());
                } else {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    stats.record(r.statusCode(), System.nanoTime() - t0, r.statusCode() / 100 == 2 ? null : r.body());
                    script.onResponse(r.statusCode(), null);
                }
            } catch (IOException e) {
                stats.recordFailure(e);
                script.onResponse(-1, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- HTTP helpers ---------------------------------------------------------------------------------------

    /** Checks the catalog answers and the token is accepted; returns how many generated-kind entities are visible. */
    private long preflight() throws InterruptedException {
        HttpRequest request = withToken(get("/entities/by-query?filter=" + encode(GENERATED_KINDS_FILTER) + "&limit=0"));
        HttpResponse<String> r;
        try {
            r = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot connect to the catalog at " + base + " - is it running?");
        } catch (IOException e) {
            throw new IllegalStateException("catalog at " + base + " did not answer: " + e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new IllegalStateException("the catalog answered " + r.statusCode()
                    + ": the bearer token is missing or not accepted (see --token-file / --token-cmd)");
        }
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("the catalog answered " + r.statusCode() + " to a count query: "
                    + abbreviate(r.body()));
        }
        return totalItems(r.body());
    }

    /** {@code totalItems} for the generated kinds, or -1 if the request failed (recorded in {@code stats}). */
    private long countGenerated(Phase stats) throws InterruptedException {
        HttpResponse<String> r = send(withToken(get("/entities/by-query?filter=" + encode(GENERATED_KINDS_FILTER)
                + "&limit=0")), stats);
        return r == null || r.statusCode() / 100 != 2 ? -1 : totalItems(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, Phase stats) throws InterruptedException {
        return send(withToken(builder), stats);
    }

    private HttpResponse<String> send(HttpRequest request, Phase stats) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            stats.record(r.statusCode(), System.nanoTime() - t0, r.statusCode() / 100 == 2 ? null : r.body());
            return r;
        } catch (IOException e) {
            stats.recordFailure(e);
            return null;
        }
    }

    private HttpRequest get(String pathAndQuery) {
        return withToken(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(options.requestTimeout()).GET());
    }

    private HttpRequest.Builder post(String path, String json) {
        // registering reads the location's root target before it answers: give it the ingest's time, not a query's
        return HttpRequest.newBuilder(uri(path))
                .timeout(options.ingestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Rebuilds {@code request} with the current token, so long runs pick up refreshed tokens. */
    private HttpRequest withToken(HttpRequest request) {
        return withToken(HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization")));
    }

    private HttpRequest withToken(HttpRequest.Builder builder) {
        builder.setHeader("Accept", "application/json");
        String authorization = tokens.authorization();
        if (authorization != null) {
            builder.setHeader("Authorization", authorization);
        }
        return builder.build();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base.toString() + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Reads {@code totalItems} from a by-query response; -1 if it is absent. */
    static long totalItems(String body) {
        try {
            JsonNode total = JSON.readTree(body).get("totalItems");
            return total == null || !total.canConvertToLong() ? -1 : total.asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads {@code pageInfo.nextCursor} from a by-query response without building the items. */
    static String nextCursor(byte[] body) {
        if (body == null) {
            return null;
        }
        try (JsonParser p = JSON_FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("pageInfo".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("nextCursor".equals(key) && v == JsonToken.VALUE_STRING) {
                            return p.getText();
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private Path writeJson(String stamp, ScenarioResult result, List<CheckResult> checks, CatalogManifest manifest,
                           Machine machine, String drivers) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", result.scenario());
        doc.put("startedAt", stamp);
        doc.put("base", base.toString());
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("entities", manifest.entities());
        catalog.put("seed", manifest.seed());
        catalog.put("directory", options.catalogDir().toString());
        doc.put("catalog", catalog);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("concurrency", options.concurrency());
        settings.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        settings.put("measureSeconds", options.duration().toMillis() / 1000.0);
        settings.put("maxRequests", options.maxRequests());
        settings.put("pages", options.pages());
        settings.put("driver", drivers);
        doc.put("settings", settings);
        doc.put("result", result);
        if (result.isIngest() && registrationSeconds != null) {
            doc.put("registrationSeconds", registrationSeconds);
        }
        if (options.check()) {
            doc.put("checks", checks);
        }
        doc.put("machine", machine);
        Path file = options.resultsDir().resolve(stamp + "-" + result.scenario().replace(':', '-') + ".json");
        Files.writeString(file, JSON.writeValueAsString(doc) + "\n");
        return file;
    }

    private Path writeServiceJson(String stamp, ServiceReport report, List<CheckResult> checks, CatalogManifest manifest,
                                  Machine machine) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", "service");
        doc.put("startedAt", stamp);
        doc.put("base", base.toString());
        doc.put("catalog", Map.of("entities", manifest.entities(), "seed", manifest.seed()));
        doc.put("service", report);
        if (options.check()) {
            doc.put("checks", checks);
        }
        doc.put("machine", machine);
        Path file = options.resultsDir().resolve(stamp + "-service.json");
        Files.writeString(file, JSON.writeValueAsString(doc) + "\n");
        return file;
    }
}
