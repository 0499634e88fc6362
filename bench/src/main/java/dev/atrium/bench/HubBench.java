package dev.atrium.bench;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Benchmark of hub-ui: start time, idle and peak RSS under the JVM settings the image, the chart and
 * dev/up ship, and render latency of the hot pages for a signed-in user. It starts the packaged hub
 * (hub-ui/target/quarkus-app/quarkus-run.jar) on a free loopback port against {@link HubFixtures} (an OIDC
 * provider and the four services' answers on another free port), signs in through the code flow, then
 * drives each page with a fixed number of concurrent users for a warm-up and a measured period.
 * What is measured is the hub's own cost: the fixtures answer from memory.
 *
 * <pre>
 * java -cp "bench/target/atrium-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" dev.atrium.bench.HubBench \
 *     [--jar hub-ui/target/quarkus-app/quarkus-run.jar] [--jvm-opts "-XX:MaxGCPauseMillis=5 -Xms16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx48m"] \
 *     [--concurrency 8] [--warmup 15s] [--duration 20s] [--out bench/results]
 * </pre>
 */
public final class HubBench {
    static final List<String[]> PAGES = List.of(
            new String[] {"hub", "/"},
            new String[] {"catalog-search", "/catalog?q=payments&kind=component"},
            new String[] {"entity", "/catalog/component/default/payments-api"},
            new String[] {"access", "/access"},
            new String[] {"metrics", "/metrics"});
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    /** One measured page. */
    public record PageResult(String page, String path, long requests, long errors, double perSecond, LatencySummary latencyMs) {
    }

    /** The whole run. */
    public record Result(String at, Machine machine, String jvmOpts, int concurrency, long warmupSeconds, long durationSeconds,
            double readyMs, Double quarkusStartedSeconds, long idleRssKb, long peakRssKb, long rssAfterLoadKb, List<PageResult> pages) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = args(args);
        Path jar = Path.of(a.getOrDefault("jar", "hub-ui/target/quarkus-app/quarkus-run.jar"));
        String java = a.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmOpts = a.getOrDefault("jvm-opts", "-XX:MaxGCPauseMillis=5 -Xms16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx48m");
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "8"));
        Duration warmup = duration(a.getOrDefault("warmup", "15s"));
        Duration measure = duration(a.getOrDefault("duration", "20s"));
        Path out = Path.of(a.getOrDefault("out", "bench/results"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it with ./mvnw -pl hub-ui -am package -DskipTests");
        }
        Result r = run(jar, java, jvmOpts, concurrency, warmup, measure);
        Files.createDirectories(out);
        Path file = out.resolve("hub-" + r.at().replace(':', '-').substring(0, 19) + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r);
        System.out.println(markdown(r));
        System.out.println("raw results: " + file);
    }

    static Result run(Path jar, String java, String jvmOpts, int concurrency, Duration warmup, Duration measure) throws Exception {
        try (HubFixtures fixtures = HubFixtures.start()) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(List.of(jvmOpts.trim().split("\\s+")));
            cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.putIfAbsent("MALLOC_ARENA_MAX", "2");
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("ATRIUM_OIDC_URL", fixtures.issuer());
            env.put("ATRIUM_OIDC_CLIENT_SECRET", "bench-client-secret");
            for (String svc : List.of("CATALOG", "SCAFFOLDER", "ACCESS", "METRICS")) {
                env.put("ATRIUM_" + svc + "_URL", fixtures.baseUrl());
            }
            Path log = Files.createTempFile("hub-bench-", ".log");
            System.out.println("hub log: " + log);
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            long t0 = System.nanoTime();
            Process hub = pb.start();
            try {
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                double readyMs = waitReady(http, base + "/q/health/ready", hub, log, t0);
                Double started = startedSeconds(log);
                Thread.sleep(2000);
                long idle = rssKb(hub.pid(), "VmRSS");
                Map<String, String> cookies = signIn(http, base);
                List<PageResult> pages = new ArrayList<>();
                for (String[] p : PAGES) {
                    drive(http, base + p[1], cookies, concurrency, warmup, new Recorder(LatencySummary.SIGNIFICANT_DIGITS), new AtomicLong());
                    Recorder rec = new Recorder(LatencySummary.SIGNIFICANT_DIGITS);
                    AtomicLong errors = new AtomicLong();
                    long n = drive(http, base + p[1], cookies, concurrency, measure, rec, errors);
                    Histogram h = rec.getIntervalHistogram();
                    pages.add(new PageResult(p[0], p[1], n, errors.get(), n / (double) measure.toSeconds(), LatencySummary.of(h)));
                }
                long after = rssKb(hub.pid(), "VmRSS");
                long peak = rssKb(hub.pid(), "VmHWM");
                return new Result(Instant.now().toString(), Machine.detect(null), jvmOpts, concurrency, warmup.toSeconds(), measure.toSeconds(),
                        readyMs, started, idle, peak, after, pages);
            } finally {
                hub.destroy();
                hub.waitFor();
                Thread.sleep(200);
            }
        }
    }

    /** Runs {@code concurrency} users, each sending its next request when the last one is answered. */
    static long drive(HttpClient http, String url, Map<String, String> cookies, int concurrency, Duration length, Recorder rec,
            AtomicLong errors) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong count = new AtomicLong();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookieHeader(cookies))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                users.submit(() -> {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        rec.recordValue(System.nanoTime() - s);
                        count.incrementAndGet();
                    }
                });
            }
        }
        return count.get();
    }

    /** The code flow as a browser does it: page → IdP → callback → page, keeping the cookies. */
    static Map<String, String> signIn(HttpClient http, String base) throws IOException, InterruptedException {
        Map<String, String> cookies = new ConcurrentHashMap<>();
        String url = base + "/";
        for (int hop = 0; hop < 6; hop++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookieHeader(cookies)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            r.headers().allValues("Set-Cookie").forEach(c -> {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || c.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            });
            if (r.statusCode() == 200 && cookies.keySet().stream().anyMatch(k -> k.startsWith("q_session"))) {
                return cookies;
            }
            String location = r.headers().firstValue("Location").orElseThrow(
                    () -> new IllegalStateException("sign-in stopped at " + r.statusCode() + ": " + r.body()));
            url = URI.create(url).resolve(location).toString();
        }
        throw new IllegalStateException("sign-in did not finish");
    }

    static String cookieHeader(Map<String, String> cookies) {
        StringBuilder sb = new StringBuilder();
        cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        return sb.toString();
    }

    static double waitReady(HttpClient http, String url, Process p, Path log, long t0) throws Exception {
        long deadline = t0 + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the hub exited: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the hub was not ready after 120 s: " + Files.readString(log));
    }

    static Double startedSeconds(Path log) throws IOException {
        Matcher m = STARTED.matcher(Files.readString(log));
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    /** A field of /proc/PID/status in kB (VmRSS now, VmHWM the peak). */
    static long rssKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static String markdown(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("hub-ui bench ").append(r.at()).append(" · ").append(r.machine().cpus()).append(" cpus · ").append(r.machine().java())
                .append("\nJVM: ").append(r.jvmOpts()).append(" · concurrency ").append(r.concurrency()).append(" · warm-up ")
                .append(r.warmupSeconds()).append(" s · measured ").append(r.durationSeconds()).append(" s per page\n\n");
        sb.append(String.format("start: ready after %.0f ms (Quarkus: started in %s s) · RSS idle %d MB, after load %d MB, peak %d MB%n%n",
                r.readyMs(), r.quarkusStartedSeconds(), r.idleRssKb() / 1024, r.rssAfterLoadKb() / 1024, r.peakRssKb() / 1024));
        sb.append("| page | path | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|\n");
        for (PageResult p : r.pages()) {
            sb.append(String.format("| %s | `%s` | %.0f | %.2f | %.2f | %.2f | %.1f | %d |%n", p.page(), p.path(), p.perSecond(),
                    p.latencyMs().p50(), p.latencyMs().p90(), p.latencyMs().p99(), p.latencyMs().max(), p.errors()));
        }
        return sb.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Duration duration(String s) {
        String v = s.trim().toLowerCase();
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    static Map<String, String> args(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: HubBench [--jar J] [--java J] [--jvm-opts O] [--concurrency C] [--warmup D] [--duration D] [--out DIR]");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
