package dev.atrium.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Scaffolder benchmark against the packaged service ({@code quarkus-run.jar}) started with the JVM
 * settings the image, the chart and dev/up ship:
 * <ul>
 * <li><b>start</b>: process start → {@code /q/health/ready} answers 200, for several starts (the first one
 * migrates a fresh database and is reported separately);</li>
 * <li><b>tasks</b>: tasks completed per minute while {@code --concurrency} simple tasks (debug:log, then
 * debug:wait 0 ms) are kept in flight: whenever tasks finish, new ones are created so that exactly that
 * many exist unfinished; task duration (created → finished, server clocks) and create latency;</li>
 * <li><b>memory</b>: RSS when idle after start, and the peak RSS ({@code VmHWM}) over the whole run.</li>
 * </ul>
 * The IdP, the catalog and metrics-service are {@link ScaffolderStubs} in this process. See bench/README.md.
 */
public final class ScaffolderBench {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String USER = "bench";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ScaffolderBench(Options options) {
        this.options = options;
    }

    /** Command-line options. */
    record Options(Path jar, String java, List<String> jvmOptions, String dbUrl, String dbUser, String dbPassword,
            int concurrency, Duration warmup, Duration duration, int starts, Duration poll, Duration idle, Path results,
            Integer workerConcurrency, String note) {

        static final Set<String> VALUE_OPTIONS = Set.of("jar", "java", "jvm-opts", "db-url", "db-user", "db-password", "concurrency",
                "warmup", "duration", "starts", "poll", "idle", "results", "worker-concurrency", "note");

        static Options parse(String... args) {
            CliArgs a = CliArgs.parse(args, VALUE_OPTIONS, Set.of("help"));
            if (a.has("help")) {
                throw new IllegalArgumentException(usage());
            }
            String jvm = a.string("jvm-opts", "");
            Options o = new Options(Path.of(a.string("jar", "scaffolder-service/target/quarkus-app/quarkus-run.jar")),
                    a.string("java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                    jvm.isBlank() ? List.of() : Arrays.asList(jvm.trim().split("\\s+")),
                    a.string("db-url", "jdbc:postgresql://127.0.0.1:5432/atrium_scaffolder_bench"),
                    a.string("db-user", "atrium"), a.string("db-password", "atrium"),
                    a.integer("concurrency", 20), a.duration("warmup", Duration.ofSeconds(20)), a.duration("duration", Duration.ofSeconds(60)),
                    a.integer("starts", 3), a.duration("poll", Duration.ofMillis(50)), a.duration("idle", Duration.ofSeconds(5)),
                    Path.of(a.string("results", "bench/out")),
                    a.values().containsKey("worker-concurrency") ? a.integer("worker-concurrency", 0) : null,
                    a.string("note", null));
            if (o.concurrency < 1 || o.starts < 1) {
                throw new IllegalArgumentException("--concurrency and --starts must be at least 1");
            }
            if (!Files.isRegularFile(o.jar)) {
                throw new IllegalArgumentException(o.jar + " does not exist: package scaffolder-service first");
            }
            return o;
        }
    }

    static String usage() {
        return """
                usage: ScaffolderBench [--jar scaffolder-service/target/quarkus-app/quarkus-run.jar] [--java PATH]
                       [--jvm-opts "<the shipped JVM options>"] [--db-url jdbc:postgresql://127.0.0.1:5432/atrium_scaffolder_bench]
                       [--db-user atrium] [--db-password atrium] [--concurrency 20] [--warmup 20s] [--duration 60s]
                       [--starts 3] [--poll 50ms] [--idle 5s] [--results bench/out] [--worker-concurrency N] [--note TEXT]
                The database must exist and be empty (bench/scaffolder creates it).""";
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Report report = new ScaffolderBench(options).run();
            System.out.println(report.markdown());
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Everything one run measured. */
    record Report(String startedAt, Map<String, Object> settings, Machine machine, String loadAverageBefore, String loadAverageAfter,
            List<StartSample> starts, double idleRssMb, double peakRssMb, Phase warmup, Phase measured,
            Map<String, Long> stubRequests, long eventsDelivered, String note) {

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append("# Atrium scaffolder benchmark, ").append(startedAt).append("\n\n");
            md.append("- Machine: ").append(machine.cpuModel()).append(" (").append(machine.cpus()).append(" cores), ")
                    .append(machine.memoryMb()).append(" MB, ").append(machine.java()).append("\n");
            md.append("- Load average before / after: ").append(loadAverageBefore).append(" / ").append(loadAverageAfter).append("\n");
            md.append("- JVM options: `").append(settings.get("jvmOptions") instanceof List<?> opts
                    ? String.join(" ", opts.stream().map(String::valueOf).toList()) : "").append("`\n");
            if (note != null) {
                md.append("- Note: ").append(note).append("\n");
            }
            md.append("\n| start | ready ms | Quarkus \"started in\" s | RSS at ready MB |\n|---:|---:|---:|---:|\n");
            for (StartSample s : starts) {
                md.append(String.format(Locale.ROOT, "| %d%s | %d | %s | %.1f |%n", s.number(), s.migrated() ? " (migrates)" : "", s.readyMs(),
                        s.quarkusSeconds() == null ? "–" : String.format(Locale.ROOT, "%.3f", s.quarkusSeconds()), s.rssAtReadyMb()));
            }
            md.append(String.format(Locale.ROOT, "%nIdle RSS %.1f MB; peak RSS (VmHWM) over the run %.1f MB.%n%n", idleRssMb, peakRssMb));
            md.append("| phase | seconds | concurrency | tasks finished | failed | tasks/min | task p50 ms | task p99 ms | create p50 ms | create p99 ms | service CPU ms/task |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Phase p : List.of(warmup, measured)) {
                md.append(p.markdownRow()).append("\n");
            }
            return md.toString();
        }
    }

    /** One start of the service. */
    record StartSample(int number, boolean migrated, long readyMs, Double quarkusSeconds, double rssAtReadyMb) {
    }

    /** One load phase. */
    record Phase(String name, double seconds, int concurrency, long created, long finished, long failed, double tasksPerMinute,
            LatencySummary taskDurationMs, LatencySummary createMs, long createErrors, String firstError, Double serviceCpuMsPerTask) {

        String markdownRow() {
            return String.format(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %s |", name, seconds, concurrency,
                    finished, failed, tasksPerMinute, taskDurationMs.p50(), taskDurationMs.p99(), createMs.p50(), createMs.p99(),
                    serviceCpuMsPerTask == null ? "–" : String.format(Locale.ROOT, "%.1f", serviceCpuMsPerTask));
        }
    }

    Report run() throws Exception {
        Instant startedAt = Instant.now();
        String loadBefore = loadAverage();
        Files.createDirectories(options.results());
        String stamp = STAMP.format(startedAt);
        try (ScaffolderStubs stubs = ScaffolderStubs.start()) {
            String token = stubs.userToken(USER, List.of("platform-team"), List.of("platform-admin"), Duration.ofHours(2).toSeconds());
            List<StartSample> starts = new ArrayList<>();
            ServiceProcess service = null;
            try {
                for (int i = 1; i <= options.starts(); i++) {
                    service = new ServiceProcess(options, stubs, options.results().resolve(stamp + "-scaffolder-service-" + i + ".log"));
                    long readyMs = service.awaitReady(http);
                    starts.add(new StartSample(i, i == 1, readyMs, service.quarkusStartedSeconds(), ProcessMemory.of(service.pid()).rssMb()));
                    progress("start %d: ready after %d ms", i, readyMs);
                    if (i < options.starts()) {
                        service.stop();
                    }
                }
                Thread.sleep(options.idle().toMillis());
                double idleRss = ProcessMemory.of(service.pid()).rssMb();
                progress("idle RSS %.1f MB; warm-up %s at concurrency %d", idleRss, options.warmup(), options.concurrency());
                Load load = new Load(service.baseUrl(), token, service);
                Phase warmup = load.phase("warm-up", options.warmup());
                progress("warm-up: %.0f tasks/min; measuring %s", warmup.tasksPerMinute(), options.duration());
                Phase measured = load.phase("measured", options.duration());
                load.drain();
                double peak = ProcessMemory.of(service.pid()).peakRssMb();
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("jar", options.jar().toString());
                settings.put("jvmOptions", options.jvmOptions());
                settings.put("concurrency", options.concurrency());
                settings.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
                settings.put("durationSeconds", options.duration().toMillis() / 1000.0);
                settings.put("pollMs", options.poll().toMillis());
                settings.put("workerConcurrency", options.workerConcurrency() == null ? "shipped default" : options.workerConcurrency());
                settings.put("template", "debug:log + debug:wait 0 ms (" + ScaffolderStubs.TEMPLATE + ")");
                Report report = new Report(startedAt.toString(), settings, Machine.detect(null), loadBefore, loadAverage(), starts,
                        idleRss, peak, warmup, measured, stubs.requestCounts(), stubs.eventsReceived(), options.note());
                Path json = options.results().resolve(stamp + "-scaffolder.json");
                JSON.writeValue(json.toFile(), report);
                Files.writeString(options.results().resolve(stamp + "-scaffolder.md"), report.markdown());
                progress("results: %s", json);
                return report;
            } finally {
                if (service != null) {
                    service.stop();
                }
            }
        }
    }

    /** The closed loop: keeps {@code concurrency} tasks unfinished, topping up every {@code poll}. */
    private final class Load {
        private final String api;
        private final String token;
        private final ServiceProcess service;
        private final ExecutorService creators = Executors.newVirtualThreadPerTaskExecutor();
        private final AtomicInteger creating = new AtomicInteger();
        private final AtomicLong created = new AtomicLong();
        private final AtomicLong createErrors = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private volatile Histogram createNanos = LatencySummary.newHistogram();
        private final AtomicLong sequence = new AtomicLong();

        Load(String base, String token, ServiceProcess service) {
            this.api = base + "/api/scaffolder/v2";
            this.token = token;
            this.service = service;
        }

        Phase phase(String name, Duration duration) throws Exception {
            Histogram creates = LatencySummary.newHistogram();
            createNanos = creates;
            long createdBefore = created.get();
            long errorsBefore = createErrors.get();
            long unfinishedBefore = count("status=open&status=processing");
            long failedBefore = count("status=failed");
            Duration cpuBefore = service.cpu();
            Instant from = Instant.now();
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long unfinished = count("status=open&status=processing");
                long need = options.concurrency() - unfinished - creating.get();
                for (long i = 0; i < need; i++) {
                    creating.incrementAndGet();
                    creators.submit(this::create);
                }
                Thread.sleep(options.poll().toMillis());
            }
            while (creating.get() > 0) {
                Thread.sleep(5);
            }
            Instant to = Instant.now();
            double seconds = Duration.between(from, to).toNanos() / 1e9;
            long unfinishedAfter = count("status=open&status=processing");
            long createdNow = created.get() - createdBefore;
            long finished = unfinishedBefore + createdNow - unfinishedAfter;
            Duration cpu = service.cpu().minus(cpuBefore);
            return new Phase(name, seconds, options.concurrency(), createdNow, finished, count("status=failed") - failedBefore,
                    finished / seconds * 60, durations(from, to), LatencySummary.of(creates), createErrors.get() - errorsBefore,
                    firstError.get(), finished == 0 || cpu.isNegative() ? null : cpu.toNanos() / 1e6 / finished);
        }

        void create() {
            long t0 = System.nanoTime();
            try {
                String body = "{\"templateRef\":\"template:default/" + ScaffolderStubs.TEMPLATE + "\",\"values\":{\"name\":\"bench-"
                        + sequence.incrementAndGet() + "\"}}";
                HttpResponse<String> r = http.send(request("/tasks").POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 201) {
                    created.incrementAndGet();
                    createNanos.recordValue(System.nanoTime() - t0);
                } else {
                    error("POST /tasks answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                error("POST /tasks failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                creating.decrementAndGet();
            }
        }

        private void error(String message) {
            createErrors.incrementAndGet();
            firstError.compareAndSet(null, message.length() > 300 ? message.substring(0, 300) : message);
        }

        /** {@code totalTasks} of the bench user's tasks with these filters (one indexed count on the server). */
        long count(String filters) throws IOException, InterruptedException {
            JsonNode page = get("/tasks?createdBy=user:default/" + USER + "&" + filters + "&limit=1");
            return page.path("totalTasks").asLong();
        }

        /** Created → finished of the tasks created in [from, to), from the tasks' own timestamps. */
        LatencySummary durations(Instant from, Instant to) throws IOException, InterruptedException {
            Histogram h = LatencySummary.newHistogram();
            int offset = 0;
            while (true) {
                JsonNode page = get("/tasks?createdBy=user:default/" + USER + "&status=completed&status=failed&order=desc:created_at&limit=200&offset=" + offset);
                JsonNode tasks = page.path("tasks");
                boolean older = false;
                for (JsonNode t : tasks) {
                    Instant createdAt = Instant.parse(t.path("createdAt").asText());
                    if (createdAt.isBefore(from)) {
                        older = true;
                        break;
                    }
                    if (createdAt.isBefore(to) && t.hasNonNull("finishedAt")) {
                        h.recordValue(Math.max(0, Duration.between(createdAt, Instant.parse(t.get("finishedAt").asText())).toNanos()));
                    }
                }
                if (older || tasks.size() < 200) {
                    return LatencySummary.of(h);
                }
                offset += 200;
            }
        }

        void drain() throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (count("status=open&status=processing") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            creators.shutdown();
            creators.awaitTermination(10, TimeUnit.SECONDS);
        }

        private JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(api + path)).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token);
        }
    }

    /** The packaged scaffolder as a child process on a free loopback port. */
    static final class ServiceProcess {
        private final Process process;
        private final long startNanos;
        private final int port;
        private final Path log;

        ServiceProcess(Options options, ScaffolderStubs stubs, Path log) throws IOException {
            this.port = freePort();
            this.log = log;
            List<String> command = new ArrayList<>();
            command.add(options.java());
            command.addAll(options.jvmOptions());
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.http.port=" + port);
            if (options.workerConcurrency() != null) {
                command.add("-Datrium.scaffolder.worker.concurrency=" + options.workerConcurrency());
            }
            command.add("-jar");
            command.add(options.jar().toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("ATRIUM_SCAFFOLDER_DB_URL", options.dbUrl());
            env.put("ATRIUM_SCAFFOLDER_DB_USER", options.dbUser());
            env.put("ATRIUM_SCAFFOLDER_DB_PASSWORD", options.dbPassword());
            env.put("ATRIUM_OIDC_URL", stubs.issuer());
            env.put("ATRIUM_OIDC_CLIENT_SECRET", "bench-secret");
            env.put("ATRIUM_CATALOG_URL", stubs.baseUrl());
            env.put("ATRIUM_ACCESS_URL", stubs.baseUrl());
            env.put("ATRIUM_METRICS_URL", stubs.baseUrl());
            env.put("ATRIUM_HUB_URL", "http://127.0.0.1:1");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            env.put("ATRIUM_SCAFFOLDER_SECRETS_KEY", Base64.getEncoder().encodeToString(key));
            this.startNanos = System.nanoTime();
            this.process = pb.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }

        /** Milliseconds from process start until /q/health/ready answers 200. */
        long awaitReady(HttpClient http) throws IOException, InterruptedException {
            HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
            long deadline = startNanos + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("scaffolder-service exited during start-up; see " + log);
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - startNanos) / 1_000_000;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("scaffolder-service not ready after " + READY_TIMEOUT + "; see " + log);
        }

        /** Quarkus' own "started in X.XXXs" figure from the log, if it is there yet. */
        Double quarkusStartedSeconds() throws IOException {
            for (String line : Files.readAllLines(log)) {
                int i = line.indexOf(" started in ");
                if (i >= 0 && line.contains("scaffolder-service")) {
                    String s = line.substring(i + " started in ".length());
                    return Double.parseDouble(s.substring(0, s.indexOf('s')));
                }
            }
            return null;
        }

        /** CPU time the process has used so far. */
        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElse(Duration.ofSeconds(-1));
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
