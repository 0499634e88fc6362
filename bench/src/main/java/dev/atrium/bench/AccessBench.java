package dev.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * access-service benchmark: starts the packaged service itself (with the JVM settings dev/up, the image and the
 * chart ship) against a fresh database, the tests' Keycloak for user tokens and {@link StubCatalog} for the AIModels
 * it reads, then measures
 * <ol>
 * <li>JVM start (process spawn to {@code /q/health/ready}, and Quarkus's own "started in") and idle RSS;</li>
 * <li>provisioning latency approval → ACTIVE with the default adapters, from the transition times the service
 * records, for requests one at a time and for a burst of 50 at once;</li>
 * <li>{@code POST /keys/verify} throughput and latency with wrk (keys rotated over every request), and the
 * forward-auth GET;</li>
 * <li>peak RSS (VmHWM) after the load.</li>
 * </ol>
 * Writes a Markdown report and the raw numbers as JSON to {@code --results}. See bench/README.md.
 */
public final class AccessBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final String BASE_PATH = "/api/access/v1";

    private final Map<String, String> cli;
    private final PrintStream log = System.err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private String token;
    private long tokenAt;

    private AccessBench(Map<String, String> cli) {
        this.cli = cli;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> cli = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs; got " + args[i]);
            }
            cli.put(args[i].substring(2), args[++i]);
        }
        new AccessBench(cli).run();
    }

    private String opt(String name, String fallback) {
        String v = cli.get(name);
        if (v == null && fallback == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v == null ? fallback : v;
    }

    private int intOpt(String name, int fallback) {
        return Integer.parseInt(opt(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        Path jar = Path.of(opt("jar", "access-service/target/quarkus-app/quarkus-run.jar"));
        Path results = Path.of(opt("results", "bench/results"));
        Files.createDirectories(results);
        // The service's log and (with --hold-seconds) the keys stay out of the results, which are committed.
        Path work = Files.createDirectories(Path.of(opt("work", System.getProperty("java.io.tmpdir") + "/atrium-access-bench")));
        int port = Integer.parseInt(opt("port", null));
        String base = "http://127.0.0.1:" + port;
        int keys = intOpt("keys", 100);
        int sequential = intOpt("provision", 100);
        int burst = intOpt("burst", 50);
        List<Integer> concurrencies = new ArrayList<>();
        for (String c : opt("concurrency", "16").split(",")) {
            concurrencies.add(Integer.parseInt(c.trim()));
        }
        Duration warmup = Duration.ofSeconds(intOpt("warmup-seconds", 30));
        Duration measure = Duration.ofSeconds(intOpt("duration-seconds", 20));
        String jvmOptions = opt("jvm-options", "-XX:+UseSerialGC -Xms16m -Xmx128m");

        int models = keys + sequential + burst + 10;
        try (StubCatalog catalog = StubCatalog.start(models)) {
            log.printf("bench: stub catalog with %d open AIModels on %s%n", models, catalog.url());
            Process service = startService(jar, port, catalog.url(), jvmOptions, work);
            try {
                long spawned = System.nanoTime();
                waitReady(base, service, Duration.ofSeconds(180));
                double readySeconds = (System.nanoTime() - spawned) / 1e9;
                results(results, "startReadySeconds", round(readySeconds));
                results(results, "startQuarkusSeconds", quarkusStarted(work.resolve("access-service.log")));
                Thread.sleep(5000);
                results(results, "idleRssMb", rssMb(service.pid(), "VmRSS"));
                log.printf("bench: ready after %.2f s (Quarkus: %s s), idle RSS %s MB%n", readySeconds,
                        this.results.get("startQuarkusSeconds"), this.results.get("idleRssMb"));

                List<String> names = catalog.names();
                int next = 0;
                // Provisioning, one request at a time: approval -> ACTIVE as the service recorded it.
                List<Long> one = new ArrayList<>();
                List<String> keyRequests = new ArrayList<>();
                for (int i = 0; i < sequential; i++) {
                    String id = createRequest(base, names.get(next++));
                    one.add(approvalToActiveMillis(base, id));
                    keyRequests.add(id);
                }
                this.results.put("provisionSequential", summary(one));
                log.printf("bench: provisioning one at a time (%d): %s%n", sequential, this.results.get("provisionSequential"));

                // A burst: every request sent at once.
                List<String> burstIds = parallel(burst, i -> createRequest(base, names.get(sequential + i)));
                next += burst;
                List<Long> many = new ArrayList<>();
                for (String id : burstIds) {
                    many.add(approvalToActiveMillis(base, id));
                }
                this.results.put("provisionBurst", summary(many));
                log.printf("bench: provisioning a burst of %d: %s%n", burst, this.results.get("provisionBurst"));

                // Keys for the verification load: reveal the keys of the first requests, create more if needed.
                List<String[]> keyModel = new ArrayList<>();
                for (int i = 0; i < Math.min(keys, keyRequests.size()); i++) {
                    keyModel.add(new String[] {reveal(base, keyRequests.get(i)), names.get(i)});
                }
                while (keyModel.size() < keys) {
                    String name = names.get(next++);
                    String id = createRequest(base, name);
                    approvalToActiveMillis(base, id);
                    keyModel.add(new String[] {reveal(base, id), name});
                }
                int hold = intOpt("hold-seconds", 0);
                if (hold > 0) {
                    // For profiling by hand: the keys and the port, then the service stays up for a while.
                    StringBuilder lines = new StringBuilder();
                    keyModel.forEach(km -> lines.append(km[0]).append(' ').append(km[1]).append('\n'));
                    Files.writeString(work.resolve("keys.txt"), lines.toString());
                    log.printf("bench: holding the service on %s for %d s (keys in %s)%n", base, hold, work.resolve("keys.txt"));
                    Thread.sleep(hold * 1000L);
                }
                for (int c : concurrencies) {
                    WrkRunner.Sample verify = wrk(base, verifyScript(keyModel), c, warmup, measure, results);
                    this.results.put("verifyC" + c, sample(verify, measure));
                    log.printf("bench: verify at concurrency %d: %s%n", c, this.results.get("verifyC" + c));
                }
                WrkRunner.Sample forward = wrk(base, forwardAuthScript(keyModel), concurrencies.get(0), Duration.ofSeconds(5), measure, results);
                this.results.put("forwardAuthC" + concurrencies.get(0), sample(forward, measure));
                log.printf("bench: forward-auth: %s%n", this.results.get("forwardAuthC" + concurrencies.get(0)));
                results(results, "peakRssMb", rssMb(service.pid(), "VmHWM"));
                results(results, "rssAfterLoadMb", rssMb(service.pid(), "VmRSS"));
            } finally {
                service.destroy();
                if (!service.waitFor(30, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
        }
        this.results.put("jvmOptions", jvmOptions);
        this.results.put("machine", Machine.detect(opt("pg-version", null)));
        this.results.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Files.writeString(results.resolve(stamp + "-access.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this.results));
        String report = report();
        Files.writeString(results.resolve(stamp + "-access.md"), report);
        System.out.println(report);
    }

    private void results(Path dir, String key, Object value) {
        this.results.put(key, value);
    }

    // ---- the service process ------------------------------------------------------------------------------

    private Process startService(Path jar, int port, String catalogUrl, String jvmOptions, Path results) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] pepper = new byte[48];
        byte[] storeKey = new byte[32];
        random.nextBytes(pepper);
        random.nextBytes(storeKey);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : jvmOptions.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                command.add(o);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(results.resolve("access-service.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("ATRIUM_ACCESS_DB_URL", opt("db-url", null));
        env.put("ATRIUM_ACCESS_DB_USER", opt("db-user", "atrium"));
        env.put("ATRIUM_ACCESS_DB_PASSWORD", opt("db-password", "atrium"));
        env.put("ATRIUM_OIDC_URL", opt("oidc-url", "http://localhost:8280/realms/atrium"));
        env.put("ATRIUM_OIDC_CLIENT_SECRET", "access-secret");
        env.put("ATRIUM_CATALOG_URL", catalogUrl);
        env.put("ATRIUM_METRICS_URL", catalogUrl);
        env.put("ATRIUM_ACCESS_KEY_PEPPER", Base64.getEncoder().encodeToString(pepper));
        env.put("ATRIUM_ACCESS_SECRETS_KEY", Base64.getEncoder().encodeToString(storeKey));
        env.put("ATRIUM_ACCESS_STATUS_PROBES_ENABLED", "false");
        log.printf("bench: starting %s%n", String.join(" ", command));
        return pb.start();
    }

    private void waitReady(String base, Process service, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("access-service exited with " + service.exitValue() + "; see its log in the --work directory");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("access-service not ready after " + timeout);
    }

    private static Double quarkusStarted(Path logFile) throws IOException {
        Matcher m = STARTED.matcher(Files.readString(logFile));
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    static Long rssMb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    // ---- API calls ----------------------------------------------------------------------------------------

    private synchronized String token() throws Exception {
        if (token != null && System.currentTimeMillis() - tokenAt < 120_000) {
            return token;
        }
        String form = "grant_type=password&client_id=atrium-cli&username=" + URLEncoder.encode(opt("user", "alice"), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(opt("password", "atrium"), StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(opt("oidc-url", "http://localhost:8280/realms/atrium")
                + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no token from Keycloak: HTTP " + r.statusCode());
        }
        token = JSON.readTree(r.body()).path("access_token").asText();
        tokenAt = System.currentTimeMillis();
        return token;
    }

    private JsonNode call(String method, String url, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private String createRequest(String base, String model) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("modelRef", "aimodel:default/" + model).put("team", opt("team", "payments-team"))
                .put("useCase", "benchmark").put("expectedMonthlyTokens", 1_000_000_000L);
        return call("POST", base + BASE_PATH + "/requests", body.toString(), 201).path("id").asText();
    }

    /** Waits for ACTIVE and returns the time between the APPROVED and ACTIVE transitions the service recorded. */
    private long approvalToActiveMillis(String base, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode r = call("GET", base + BASE_PATH + "/requests/" + id, null, 200);
            if ("ACTIVE".equals(r.path("state").asText())) {
                Instant approved = null;
                Instant active = null;
                for (JsonNode t : r.path("transitions")) {
                    if ("APPROVED".equals(t.path("to").asText())) {
                        approved = Instant.parse(t.path("at").asText());
                    }
                    if ("ACTIVE".equals(t.path("to").asText())) {
                        active = Instant.parse(t.path("at").asText());
                    }
                }
                return Duration.between(approved, active).toMillis();
            }
            if (!List.of("APPROVED", "PROVISIONING").contains(r.path("state").asText())) {
                throw new IllegalStateException("request " + id + " is " + r.path("state").asText() + ": " + r);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("request " + id + " not ACTIVE after 120 s");
    }

    private String reveal(String base, String id) throws Exception {
        return call("POST", base + BASE_PATH + "/requests/" + id + "/key", null, 200).path("key").asText();
    }

    private interface Task<T> {
        T run(int i) throws Exception;
    }

    private static <T> List<T> parallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(() -> task.run(index));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- wrk ----------------------------------------------------------------------------------------------

    private WrkRunner.Sample wrk(String base, String script, int concurrency, Duration warmup, Duration measure, Path results) throws Exception {
        Path wrk = Path.of(opt("wrk", "/usr/bin/wrk"));
        Path file = Files.createTempFile("atrium-access-bench", ".lua");
        try {
            Files.writeString(file, script);
            if (!warmup.isZero()) {
                runWrk(wrk, file, concurrency, warmup, base);
            }
            return WrkRunner.parse(runWrk(wrk, file, concurrency, measure, base));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String runWrk(Path wrk, Path script, int concurrency, Duration length, String base) throws Exception {
        List<String> command = WrkRunner.command(wrk, concurrency, length, Duration.ofSeconds(10), script, base);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains(WrkRunner.MARKER)) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }

    /** Every request a different key (round robin over all of them, per thread), POST /keys/verify with JSON. */
    static String verifyScript(List<String[]> keyModel) {
        StringBuilder requests = new StringBuilder();
        for (String[] km : keyModel) {
            String body = "{\"key\":\"" + km[0] + "\",\"model\":\"" + km[1] + "\"}";
            requests.append("  wrk.format(\"POST\", \"").append(BASE_PATH).append("/keys/verify\", {[\"Content-Type\"]=\"application/json\"}, '")
                    .append(body).append("'),\n");
        }
        return script("verify", requests.toString());
    }

    /** The forward-auth GET: key in Authorization, model in X-Atrium-Model. */
    static String forwardAuthScript(List<String[]> keyModel) {
        StringBuilder requests = new StringBuilder();
        for (String[] km : keyModel) {
            requests.append("  wrk.format(\"GET\", \"").append(BASE_PATH).append("/keys/forward-auth\", {[\"Authorization\"]=\"Bearer ")
                    .append(km[0]).append("\", [\"X-Atrium-Model\"]=\"").append(km[1]).append("\"}, nil),\n");
        }
        return script("forward-auth", requests.toString());
    }

    private static String script(String name, String requests) {
        return """
                -- wrk script for the access %s scenario, written by dev.atrium.bench.AccessBench.
                -- statuses and first_error are globals: done() reads them from each thread with thread:get.
                local requests
                local n = 0
                statuses = {}
                first_error = nil
                local threads = {}

                function setup(thread)
                  table.insert(threads, thread)
                end

                function init(args)
                  requests = {
                %s  }
                  n = math.random(#requests)
                end

                function request()
                  n = n %% #requests + 1
                  return requests[n]
                end

                function response(status, headers, body)
                  local key = status
                  -- verify answers 200 for invalid keys too: count those apart, they are not a verification.
                  if status == 200 and body and body ~= "" and not body:find('"valid":true', 1, true) then
                    key = "200-invalid"
                  end
                  statuses[key] = (statuses[key] or 0) + 1
                  if key ~= 200 and not first_error then
                    first_error = tostring(status) .. " " .. (body or ""):sub(1, 200)
                  end
                end

                function done(summary, latency, reqs)
                  local e = summary.errors
                  local merged = {}
                  local first = nil
                  for _, t in ipairs(threads) do
                    for s, c in pairs(t:get("statuses") or {}) do
                      merged[tostring(s)] = (merged[tostring(s)] or 0) + c
                    end
                    first = first or t:get("first_error")
                  end
                  local parts = {}
                  for s, c in pairs(merged) do table.insert(parts, string.format('"%%s":%%d', s, c)) end
                  io.write(string.format('ATRIUM_WRK {"requests":%%d,"duration_us":%%d,"errors_status":%%d,"errors_connect":%%d,'
                    .. '"errors_read":%%d,"errors_write":%%d,"errors_timeout":%%d,"p50_us":%%d,"p90_us":%%d,"p99_us":%%d,'
                    .. '"max_us":%%d,"mean_us":%%.1f,"statuses":{%%s}%%s}\\n',
                    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
                    table.concat(parts, ","), first and (',"first_error":"' .. first:gsub('["\\\\%%c]', ' ') .. '"') or ""))
                end
                """.formatted(name, requests);
    }

    // ---- numbers ------------------------------------------------------------------------------------------

    static Map<String, Object> summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", sorted.size());
        m.put("p50Ms", percentile(sorted, 50));
        m.put("p95Ms", percentile(sorted, 95));
        m.put("maxMs", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        return m;
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static Map<String, Object> sample(WrkRunner.Sample s, Duration measure) {
        Map<String, Object> m = new LinkedHashMap<>();
        double seconds = s.durationUs() / 1e6;
        m.put("requests", s.requests());
        m.put("errors", s.errors());
        m.put("statuses", s.statuses());
        m.put("reqPerSec", Math.round(s.requests() / seconds));
        m.put("p50Ms", round(s.p50Us() / 1000));
        m.put("p90Ms", round(s.p90Us() / 1000));
        m.put("p99Ms", round(s.p99Us() / 1000));
        m.put("maxMs", round(s.maxUs() / 1000));
        if (s.firstError() != null) {
            m.put("firstError", s.firstError());
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private String report() {
        StringBuilder sb = new StringBuilder("# access-service benchmark\n\n");
        sb.append("| measure | value |\n|---|---|\n");
        results.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        return sb.toString();
    }

    @SuppressWarnings("unused")
    private static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
