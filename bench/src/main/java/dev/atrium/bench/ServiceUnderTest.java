package dev.atrium.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The catalog service as a run starts it: the packaged jar, launched with the JVM options file the service ships
 * (the one {@code dev/up}, the image and the chart use), on a free loopback port. Start time is measured from just
 * before the process is created until {@code /q/health/ready} first answers 200.
 */
final class ServiceUnderTest implements AutoCloseable {

    /** How often readiness is polled while the service starts. */
    static final Duration READY_POLL = Duration.ofMillis(20);

    /**
     * What to start: the jar, its JVM options file, its JDK AOT cache (null: none), extra environment and where its
     * output goes.
     */
    record Launch(Path java, Path jar, Path jvmOptions, Path aotCache, Map<String, String> env, Path log, Duration startTimeout) {
    }

    private final Launch launch;
    private final int port;
    private final Process process;
    private final double startSeconds;
    private final List<String> command;

    private ServiceUnderTest(Launch launch, int port, Process process, double startSeconds, List<String> command) {
        this.launch = launch;
        this.port = port;
        this.process = process;
        this.startSeconds = startSeconds;
        this.command = command;
    }

    /** The JVM options of {@code file} as the launcher reads an {@code @argfile}: whitespace-separated, {@code #} comments. */
    static List<String> jvmOptions(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : content.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    /** The command line: {@code java @<options file> [-XX:AOTCache=<cache>] -jar <jar>}, as dev/up and the image start it. */
    static List<String> command(Launch launch) {
        List<String> command = new ArrayList<>(List.of(launch.java().toString(), "@" + launch.jvmOptions().toAbsolutePath()));
        if (launch.aotCache() != null) {
            command.add("-XX:AOTCache=" + launch.aotCache().toAbsolutePath());
        }
        command.addAll(List.of("-jar", launch.jar().toAbsolutePath().toString()));
        return List.copyOf(command);
    }

    /** A free TCP port on the loopback interface (closed again at once; the service binds it next). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the service and waits until it is ready. */
    static ServiceUnderTest start(Launch launch, HttpClient client) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = command(launch);
        Files.createDirectories(launch.log().toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
        Map<String, String> env = pb.environment();
        env.putAll(launch.env());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        long t0 = System.nanoTime();
        Process process = pb.start();
        process.getOutputStream().close();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = t0 + launch.startTimeout().toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the catalog service exited with " + process.exitValue()
                        + " while starting; see " + launch.log());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET()
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    return new ServiceUnderTest(launch, port, process, seconds, command);
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the catalog service was not ready after " + launch.startTimeout().toSeconds()
                        + " s; see " + launch.log());
            }
            Thread.sleep(READY_POLL.toMillis());
        }
    }

    /** The service's API base URL. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port + "/api/catalog");
    }

    long pid() {
        return process.pid();
    }

    /** Whether the process still runs (a service that ran out of memory exits: -XX:+ExitOnOutOfMemoryError). */
    boolean alive() {
        return process.isAlive();
    }

    /** Seconds from process creation to the first 200 from {@code /q/health/ready}. */
    double startSeconds() {
        return startSeconds;
    }

    List<String> command() {
        return command;
    }

    /** For the report: command line, options and start time. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", String.join(" ", command));
        try {
            d.put("jvmOptions", jvmOptions(launch.jvmOptions()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        d.put("aotCache", launch.aotCache() == null ? null : launch.aotCache().toString());
        d.put("log", launch.log().toString());
        return d;
    }

    /** Stops the service (SIGTERM, then SIGKILL after 30 s) and waits for it to exit. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
