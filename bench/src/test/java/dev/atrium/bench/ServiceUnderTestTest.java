package dev.atrium.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service is started with the shipped options file as an @argfile, read the way the launcher reads it. */
class ServiceUnderTestTest {

    @TempDir
    Path tmp;

    @Test
    void optionsFileIsReadLikeTheLaunchersArgfile() throws Exception {
        Path file = Files.writeString(tmp.resolve("jvm.options"), """
                # heap: see the decision record
                -Xmx96m   # cap
                -XX:+UseSerialGC -Xss512k

                """);
        assertEquals(List.of("-Xmx96m", "-XX:+UseSerialGC", "-Xss512k"), ServiceUnderTest.jvmOptions(file));
    }

    @Test
    void theCommandPassesTheFileToTheLauncher() {
        ServiceUnderTest.Launch launch = new ServiceUnderTest.Launch(Path.of("/jdk/bin/java"), Path.of("/app/quarkus-run.jar"),
                Path.of("/app/jvm.options"), null, Map.of(), tmp.resolve("log"), Duration.ofSeconds(1));
        assertEquals(List.of("/jdk/bin/java", "@/app/jvm.options", "-jar", "/app/quarkus-run.jar"), ServiceUnderTest.command(launch));
    }

    @Test
    void anAotCacheGoesAfterTheOptionsFileAsDevUpAndTheImagePassIt() {
        ServiceUnderTest.Launch launch = new ServiceUnderTest.Launch(Path.of("/jdk/bin/java"), Path.of("/app/quarkus-run.jar"),
                Path.of("/app/jvm.options"), Path.of("/app/service.aot"), Map.of(), tmp.resolve("log"), Duration.ofSeconds(1));
        assertEquals(List.of("/jdk/bin/java", "@/app/jvm.options", "-XX:AOTCache=/app/service.aot", "-jar", "/app/quarkus-run.jar"),
                ServiceUnderTest.command(launch));
    }

    @Test
    void theShippedCatalogOptionsCapEveryMemoryArea() throws Exception {
        Path shipped = Path.of("..", "catalog-service", "src", "main", "jvm", "jvm.options");
        List<String> options = ServiceUnderTest.jvmOptions(shipped);
        for (String prefix : List.of("-Xmx", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=", "-XX:MaxDirectMemorySize=", "-Xss")) {
            assertTrue(options.stream().anyMatch(o -> o.startsWith(prefix)), prefix + " in " + options);
        }
    }
}
