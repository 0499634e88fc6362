package dev.atrium.catalog.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JVM settings are one file, {@code src/main/jvm/jvm.options}, that dev/up, the image and (through the image)
 * the chart start the service with; it caps every memory area, and the caps fit the chart's memory limit
 * (docs/decisions/0013).
 */
class JvmSettingsTest {
    private static final Path OPTIONS = Path.of("src/main/jvm/jvm.options");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final Path DEV_UP = Path.of("../dev/up");
    private static final Path BENCH_RUN = Path.of("../bench/run");
    private static final Path AOT_SCRIPT = Path.of("src/main/jvm/aot-cache");
    private static final Path VALUES = Path.of("../helm/catalog-service/values.yaml");

    /** The options as the java launcher reads an argument file: whitespace-separated, {@code #} starts a comment. */
    static List<String> options() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(OPTIONS)) {
            int hash = line.indexOf('#');
            for (String token : (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    private static Optional<String> value(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).reduce((a, b) -> b);
    }

    /** Megabytes of a JVM size such as {@code 64m} or {@code 1g}. */
    static long megabytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kmg]?)").matcher(size.toLowerCase(Locale.ROOT));
        assertTrue(m.matches(), size);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n / 1024;
            case "g" -> n * 1024;
            case "m" -> n;
            default -> n / (1024 * 1024);
        };
    }

    @Test
    void theOptionsFileCapsEveryMemoryArea() throws IOException {
        List<String> o = options();
        for (String prefix : List.of("-Xmx", "-Xms", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                "-XX:MaxDirectMemorySize=", "-Xss")) {
            assertTrue(value(o, prefix).isPresent(), prefix + " in " + o);
        }
        assertTrue(o.contains("-XX:+UseSerialGC"), "the collector is chosen, not left to ergonomics: " + o);
        assertTrue(o.contains("-XX:+ExitOnOutOfMemoryError"), "an exhausted heap ends the process, the orchestrator restarts it");
        assertTrue(o.stream().noneMatch(x -> x.startsWith("-XX:NativeMemoryTracking") || x.startsWith("-Xlog")),
                "no diagnostics in the shipped file: " + o);
    }

    @Test
    void devUpAndTheImageStartTheServiceWithThatFile() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.contains("COPY --chown=185 src/main/jvm/jvm.options /deployments/jvm.options"), "the image carries it");
        assertTrue(dockerfile.contains("exec java @/deployments/jvm.options -XX:AOTCache=/deployments/service.aot $JAVA_OPTS_APPEND"
                + " -jar /deployments/quarkus-run.jar"), "the image starts with it and its AOT cache, extras after them");
        assertTrue(!dockerfile.contains("run-java.sh\" ]"), "no start script deriving other settings from the container");
        String devUp = Files.readString(DEV_UP);
        assertTrue(devUp.contains("\"@$ATRIUM_ROOT/$name/src/main/jvm/jvm.options\""), "dev/up starts services with their file");
    }

    /** The AOT cache is written by one script wherever the service starts (docs/decisions/0028). */
    @Test
    void devUpTheBenchAndTheImageWriteTheAotCacheWithOneScript() throws IOException {
        assertTrue(Files.isExecutable(AOT_SCRIPT), AOT_SCRIPT + " is executable");
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.lines().anyMatch(l -> l.startsWith("FROM ") && l.contains(":25")),
                "the image runs a JDK 25, which reads AOT caches and compact object headers");
        assertTrue(dockerfile.contains("RUN sh /tmp/aot-cache /deployments /deployments/jvm.options java"),
                "the image writes its cache with its own JVM, at build time");
        assertTrue(Files.readString(DEV_UP).contains("src/main/jvm/aot-cache\""), "dev/up writes it before a start");
        assertTrue(Files.readString(BENCH_RUN).contains("catalog-service/src/main/jvm/aot-cache\" --if-stale"),
                "the bench writes it for the options it starts the service with");
    }

    /**
     * The file is read with {@code -XX:+IgnoreUnrecognizedVMOptions}, so a JDK 21 still starts the service (without
     * compact headers or the AOT cache); a JDK 25 must know every option in it, which catches a misspelt one.
     */
    @Test
    void everyOptionIsKnownToTheJdkTheServiceShipsWith() throws Exception {
        assertTrue(options().contains("-XX:+IgnoreUnrecognizedVMOptions"));
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "needs the JDK 25 the image ships");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + OPTIONS.toAbsolutePath(), "-XX:-IgnoreUnrecognizedVMOptions", "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void theCapsFitTheChartsMemoryLimit() throws IOException {
        List<String> o = options();
        long capped = megabytes(value(o, "-Xmx").orElseThrow()) + megabytes(value(o, "-XX:MaxMetaspaceSize=").orElseThrow())
                + megabytes(value(o, "-XX:ReservedCodeCacheSize=").orElseThrow())
                + megabytes(value(o, "-XX:MaxDirectMemorySize=").orElseThrow());
        Matcher limit = Pattern.compile("limits:\\s*\\n\\s*cpu: \"?[0-9.m]+\"?\\s*\\n\\s*memory: (\\d+)Mi").matcher(Files.readString(VALUES));
        assertTrue(limit.find(), "resources.limits.memory in values.yaml");
        long limitMb = Long.parseLong(limit.group(1));
        assertTrue(capped < limitMb, "heap + metaspace + code cache + direct memory (" + capped + " MB) within the limit ("
                + limitMb + " MiB)");
        assertEquals(megabytes(value(o, "-Xmx").orElseThrow()), megabytes(value(o, "-Xms").orElseThrow()),
                "the heap is sized once: no resizing full collections while it grows");
    }
}
