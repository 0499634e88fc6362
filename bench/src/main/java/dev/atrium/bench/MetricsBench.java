package dev.atrium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Benchmark of metrics-service's hot paths, end to end against the packaged jar started with the JVM
 * settings the image, chart and dev/up ship: start time, idle and peak RSS, ingestion throughput of
 * {@code POST /events} in batches (a year of history for 2,000 engineers, ≈ 5 M events, from
 * {@link MetricsHistoryGenerator}), the time the weekly rollups need to catch up, and the latency of
 * every metric read over the whole year. The service runs on a fresh database that is dropped after,
 * and verifies tokens this program signs with a key pair it makes, published by a minimal OIDC discovery
 * endpoint of its own (no Keycloak needed); everything listens on free loopback ports.
 */
public final class MetricsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://bench.atrium.local";
    /** The JVM flags of dev/up, the Dockerfile and the Helm chart for metrics-service. */
    static final String SHIPPED_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms16m -Xmx128m";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeyPair keys;
    private String base;

    private MetricsBench() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
    }

    public static void main(String[] args) throws Exception {
        CliArgs cli = CliArgs.parse(args, Set.of("jar", "engineers", "weeks", "seed", "senders", "queries", "results",
                "jvm-opts", "max-events", "java"), Set.of("keep-db"));
        new MetricsBench().run(cli);
    }

    private void run(CliArgs cli) throws Exception {
        Path jar = Path.of(cli.string("jar", "metrics-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it with ./mvnw -pl metrics-service -am package -DskipTests");
        }
        int engineers = cli.integer("engineers", 2000);
        int weeks = cli.integer("weeks", 52);
        long seed = cli.longValue("seed", 42);
        int senders = cli.integer("senders", 4);
        int queries = cli.integer("queries", 30);
        long maxEvents = cli.longValue("max-events", Long.MAX_VALUE);
        String jvm = cli.string("jvm-opts", SHIPPED_JVM);
        Path results = Path.of(cli.string("results", "bench/results"));
        String javaBin = cli.string("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());

        String pgHost = env("ATRIUM_PG_HOST", "127.0.0.1"), pgPort = env("ATRIUM_PG_PORT", "5432");
        String pgUser = env("ATRIUM_PG_USER", "atrium"), pgPassword = env("ATRIUM_PG_PASSWORD", "atrium");
        String db = "atrium_metrics_bench_" + System.currentTimeMillis();
        String admin = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
        sql(admin, pgUser, pgPassword, "CREATE DATABASE " + db);
        String pgVersion = query(admin, pgUser, pgPassword, "SHOW server_version");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", Machine.detect(pgVersion));
        out.put("note", "shared 2-core machine: other builds and tests ran at the same time");
        out.put("jvmOptions", jvm);
        out.put("engineers", engineers);
        out.put("weeks", weeks);
        Process process = null;
        com.sun.net.httpserver.HttpServer idp = null;
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            base = "http://127.0.0.1:" + port;
            List<String> cmd = new ArrayList<>();
            cmd.add(javaBin);
            cmd.addAll(List.of(jvm.trim().split("\\s+")));
            idp = startIdp();
            String realm = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/bench";
            cmd.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.oidc.auth-server-url=" + realm, "-Dquarkus.oidc.token.issuer=" + ISSUER,
                    "-Dquarkus.oidc-client.auth-server-url=" + realm,
                    "-Datrium.metrics.catalog.sync-interval=off", "-Datrium.metrics.chat.webhooks.platform.url=",
                    "-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), db + ".log").toFile());
            pb.environment().put("ATRIUM_METRICS_DB_URL", "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db);
            pb.environment().put("ATRIUM_METRICS_DB_USER", pgUser);
            pb.environment().put("ATRIUM_METRICS_DB_PASSWORD", pgPassword);
            long t0 = System.nanoTime();
            process = pb.start();
            waitReady(process, Duration.ofSeconds(120));
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            long pid = process.pid();
            Thread.sleep(3000);
            long idleRss = rss(pid, "VmRSS");
            out.put("startSecondsUntilReady", round(startSeconds));
            out.put("idleRssMb", idleRss / 1024);
            log("started in %.2f s (until /q/health/ready), idle RSS %d MB", startSeconds, idleRss / 1024);

            AtomicLong peak = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(rss(pid, "VmRSS"), Math::max);
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            String service = token("service-account-bench", List.of(), List.of("atrium-service"));
            String reader = token("pat", List.of("/platform-team"), List.of("platform-admin"));
            MetricsHistoryGenerator gen = new MetricsHistoryGenerator("bench", engineers, weeks, seed, LocalDate.now(ZoneOffset.UTC));
            long ti = System.nanoTime();
            HttpResponse<String> imp = send(HttpRequest.newBuilder(URI.create(base + "/api/metrics/v1/engineers/import"))
                    .header("Authorization", "Bearer " + reader).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(gen.engineersCsv())).build());
            check(imp, 200);
            out.put("engineerImportMs", round((System.nanoTime() - ti) / 1e6));
            log("imported %d engineers in %.0f ms", engineers, (System.nanoTime() - ti) / 1e6);

            out.put("ingest", ingest(gen, service, senders, maxEvents));
            long tc = System.nanoTime();
            String dbUrl = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + db;
            while (Long.parseLong(query(dbUrl, pgUser, pgPassword, "SELECT count(*) FROM dirty_weeks")) > 0) {
                get("/api/metrics/v1/metrics/adoption?from=" + gen.firstWeek() + "&to=" + gen.lastWeek(), reader, "application/json");
            }
            double catchUp = (System.nanoTime() - tc) / 1e9;
            out.put("rollupCatchUpSeconds", round(catchUp));
            log("weekly rollups caught up in %.1f s", catchUp);
            out.put("rows", Map.of("events", Long.parseLong(query(dbUrl, pgUser, pgPassword, "SELECT count(*) FROM events")),
                    "weekly_rollups", Long.parseLong(query(dbUrl, pgUser, pgPassword, "SELECT count(*) FROM weekly_rollups")),
                    "databaseMb", Long.parseLong(query(dbUrl, pgUser, pgPassword, "SELECT pg_database_size(current_database()) / 1048576"))));
            out.put("queries", queries(gen, reader, queries));
            sampler.interrupt();
            long hwm = rss(pid, "VmHWM");
            out.put("peakRssMb", Math.max(hwm, peak.get()) / 1024);
            log("peak RSS %d MB", Math.max(hwm, peak.get()) / 1024);
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            if (idp != null) {
                idp.stop(0);
            }
            if (!out.containsKey("peakRssMb")) {
                out.put("failed", true);
            }
            Files.createDirectories(results);
            String stamp = Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "");
            Path file = results.resolve("metrics-" + stamp + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            log("results: %s", file);
            if (!cli.has("keep-db")) {
                dropDatabase(admin, pgUser, pgPassword, db);
            }
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    /** Drops the run's database once the service's connections are gone (waits up to 30 s). */
    private static void dropDatabase(String admin, String user, String password, String db) throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            try {
                sql(admin, user, password, "DROP DATABASE IF EXISTS " + db);
                return;
            } catch (SQLException e) {
                Thread.sleep(1000);
            }
        }
        log("could not drop database %s; drop it by hand", db);
    }

    private Map<String, Object> ingest(MetricsHistoryGenerator gen, String token, int senders, long maxEvents) throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(senders * 4);
        String poison = "";
        AtomicLong events = new AtomicLong(), accepted = new AtomicLong(), batches = new AtomicLong();
        Histogram latency = LatencySummary.newHistogram();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    while (true) {
                        String body = queue.take();
                        if (body.isEmpty()) {
                            return;
                        }
                        long t = System.nanoTime();
                        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/metrics/v1/events"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
                        synchronized (latency) {
                            latency.recordValue(System.nanoTime() - t);
                        }
                        if (r.statusCode() != 202) {
                            failure.compareAndSet(null, r.statusCode() + " " + r.body());
                        } else {
                            accepted.addAndGet(JSON.readTree(r.body()).path("accepted").asLong());
                        }
                        batches.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                }
            }));
        }
        long t0 = System.nanoTime();
        ArrayNode[] batch = {JSON.createArrayNode()};
        long[] lastLog = {t0};
        try {
            gen.generate(e -> {
                if (events.get() >= maxEvents || failure.get() != null) {
                    return;
                }
                batch[0].add(e);
                events.incrementAndGet();
                if (batch[0].size() == 1000) {
                    put(queue, batch[0].toString());
                    batch[0] = JSON.createArrayNode();
                    if (System.nanoTime() - lastLog[0] > 30e9) {
                        lastLog[0] = System.nanoTime();
                        log("… %,d events sent, %.0f events/s", events.get(), events.get() / ((System.nanoTime() - t0) / 1e9));
                    }
                }
            });
            if (!batch[0].isEmpty()) {
                put(queue, batch[0].toString());
            }
        } finally {
            for (int i = 0; i < senders; i++) {
                put(queue, poison);
            }
            for (Thread w : workers) {
                w.join();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("ingestion failed: " + failure.get());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("events", events.get());
        r.put("accepted", accepted.get());
        r.put("batches", batches.get());
        r.put("senders", senders);
        r.put("seconds", round(seconds));
        r.put("eventsPerSecond", Math.round(events.get() / seconds));
        r.put("batchLatencyMs", LatencySummary.of(latency));
        log("ingested %,d events in %.1f s: %.0f events/s (batch p50 %.0f ms, p99 %.0f ms)", events.get(), seconds,
                events.get() / seconds, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6);
        return r;
    }

    private Map<String, Object> queries(MetricsHistoryGenerator gen, String token, int n) throws Exception {
        String range = "from=" + gen.firstWeek() + "&to=" + gen.lastWeek().plusDays(6);
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("adoption (org, year)", "/metrics/adoption?" + range);
        scenarios.put("adoption (every team, year)", "/metrics/adoption?groupBy=team&" + range);
        scenarios.put("adoption CSV (every team, year)", "csv:/metrics/adoption?groupBy=team&" + range);
        scenarios.put("self-service-rate (org, year)", "/metrics/self-service-rate?" + range);
        scenarios.put("self-service-rate (every team, year)", "/metrics/self-service-rate?groupBy=team&" + range);
        scenarios.put("discovery-time (every team, year)", "/metrics/discovery-time?groupBy=team&" + range);
        scenarios.put("discovery-found (org, year)", "/metrics/discovery-found?" + range);
        scenarios.put("deployment-frequency (every service, year)", "/metrics/deployment-frequency?groupBy=service&" + range);
        scenarios.put("lead-time (one team, year)", "/metrics/lead-time?team=team-007&" + range);
        scenarios.put("change-failure-rate (every team, year)", "/metrics/change-failure-rate?groupBy=team&" + range);
        scenarios.put("time-to-restore (org, year)", "/metrics/time-to-restore?" + range);
        scenarios.put("time-to-first-contribution (every team, monthly cohorts, 2 years)",
                "/metrics/time-to-first-contribution?groupBy=team&from=" + gen.firstWeek().minusDays(400) + "&to=" + gen.lastWeek());
        scenarios.put("time-to-first-contribution per engineer (admin, year)",
                "/metrics/time-to-first-contribution/engineers?" + range);
        scenarios.put("template-feedback (year, weekly)", "/metrics/template-feedback?granularity=week&" + range);
        scenarios.put("summary (org)", "/summary");
        scenarios.put("summary (one team)", "/summary?team=team-007");
        Map<String, Object> out = new LinkedHashMap<>();
        for (var s : scenarios.entrySet()) {
            boolean csv = s.getValue().startsWith("csv:");
            String path = "/api/metrics/v1" + (csv ? s.getValue().substring(4) : s.getValue());
            String accept = csv ? "text/csv" : "application/json";
            int bytes = 0;
            for (int i = 0; i < 3; i++) {
                bytes = get(path, token, accept).length();
            }
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                get(path, token, accept);
                nanos[i] = System.nanoTime() - t;
            }
            LatencySummary l = LatencySummary.ofNanos(nanos);
            out.put(s.getKey(), Map.of("path", path, "responseBytes", bytes, "latencyMs", l));
            log("%-62s p50 %6.1f ms  p90 %6.1f ms  max %6.1f ms  (%d bytes)", s.getKey(), l.p50(), l.p90(), l.max(), bytes);
        }
        return out;
    }

    private String get(String path, String token, String accept) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Accept", accept).timeout(Duration.ofSeconds(120)).GET().build());
        check(r, 200);
        return r.body();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().uri() + " answered " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(500, r.body().length())));
        }
    }

    private void waitReady(Process p, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("metrics-service exited during start-up (exit " + p.exitValue() + ")");
            }
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("metrics-service not ready after " + timeout);
    }

    /**
     * A minimal OIDC provider on a free loopback port: discovery document and the JWKS with this run's
     * public key, which is all a bearer-token service needs from Keycloak.
     */
    private com.sun.net.httpserver.HttpServer startIdp() throws IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        String realm = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bench";
        var pub = (java.security.interfaces.RSAPublicKey) keys.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwks = JSON.createObjectNode().set("keys", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("kty", "RSA").put("kid", "bench").put("use", "sig").put("alg", "RS256")
                .put("n", b64.encodeToString(unsigned(pub.getModulus().toByteArray())))
                .put("e", b64.encodeToString(unsigned(pub.getPublicExponent().toByteArray()))))).toString();
        String discovery = JSON.createObjectNode().put("issuer", ISSUER).put("jwks_uri", realm + "/certs")
                .put("token_endpoint", realm + "/token").put("authorization_endpoint", realm + "/auth").toString();
        server.createContext("/realms/bench/.well-known/openid-configuration", ex -> reply(ex, discovery));
        server.createContext("/realms/bench/certs", ex -> reply(ex, jwks));
        server.start();
        return server;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (var os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** An RS256 access token this run's service verifies with its public key. */
    private String token(String user, List<String> groups, List<String> roles) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", "bench");
        ObjectNode claims = JSON.createObjectNode();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", ISSUER).put("sub", "sub-" + user).put("preferred_username", user).put("iat", now).put("exp", now + 6 * 3600);
        ArrayNode g = claims.putArray("groups");
        groups.forEach(g::add);
        ArrayNode r = claims.putObject("realm_access").putArray("roles");
        roles.forEach(r::add);
        String signingInput = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(keys.getPrivate());
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(sig.sign());
    }

    private static long rss(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static void put(BlockingQueue<String> q, String s) {
        try {
            q.put(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String url, String user, String password, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String query(String url, String user, String password, String q) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(q)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[metrics-bench] " + format + "%n", args);
    }
}
