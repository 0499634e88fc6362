package dev.atrium.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a child process
 * on a loopback port, its output in {@code e2e/target/e2e/logs/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final String url;
    final Path log;
    private final ProcessBuilder builder;
    private volatile Process process;
    private int attempts = 1;

    private ServiceProcess(String name, int port, String url, Path log, ProcessBuilder builder) throws IOException {
        this.name = name;
        this.port = port;
        this.url = url;
        this.log = log;
        this.builder = builder;
        this.process = builder.start();
    }

    /**
     * Starts {@code java <jvmOptions> -jar <jar>} with the environment given on top of this JVM's;
     * returns at once (see {@link #awaitReady}).
     */
    static ServiceProcess start(String name, Path jar, int port, String url, List<String> jvmOptions, Map<String, String> env,
            Path logDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged: " + jar + " is missing. Build it first: "
                    + "./dev/test -pl e2e -am (the reactor packages every service before the journey runs)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(jar.getParent().toFile());
        pb.environment().putAll(env);
        Files.writeString(log, "", StandardCharsets.UTF_8);
        return new ServiceProcess(name, port, url, log, pb);
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200; fails with the log's tail if time runs out or the
     * process exits a second time. On a loaded machine a service may give up during start-up (e.g. its
     * database pool's acquisition timeout while every JVM is starting): the first such exit is restarted once,
     * its log kept as {@code <name>.1.log}.
     */
    void awaitReady(long deadlineNanos) throws InterruptedException, IOException {
        URI health = URI.create(url + "/q/health/ready");
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                if (attempts == 1) {
                    Path first = log.resolveSibling(name + ".1.log");
                    Files.move(log, first, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    System.out.printf("[e2e] %s exited during start-up (exit code %d, log %s); starting it once more%n",
                            name, process.exitValue(), first);
                    attempts++;
                    process = builder.start();
                    continue;
                }
                throw new IllegalStateException(name + " exited during start-up twice (exit code " + process.exitValue() + "); log "
                        + log + ":\n" + tail(60));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready in time (" + health + "); log " + log + ":\n" + tail(60));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the service's log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log not readable: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
