package dev.atrium.scaffolder.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the official {@code ScaffolderClient} from npm {@code @backstage/plugin-scaffolder-common}
 * (pinned in {@code src/test/scaffolder-client/package.json}), unchanged, against this service:
 * parameter schema, scaffold, event stream and long polling, get/list tasks, actions, dry run,
 * cancel, retry and templating extensions.
 */
@QuarkusTest
class ScaffolderClientCompatTest extends ScaffolderTestSupport {
    static final Path CLIENT_DIR = Path.of("src/test/scaffolder-client").toAbsolutePath();
    static final Path OUTPUT = Path.of("target/scaffolder-client-compat").toAbsolutePath();

    @TestHTTPResource("/api")
    URL api;

    @Test
    void officialScaffolderClientWorksUnchanged() throws Exception {
        installClient();
        Run run = run("compat", List.of("node", "compat.mjs"), Map.of(
                "BASE_URL", api.toString(),
                "TOKEN", alice(),
                "USER_REF", "user:default/alice",
                "TEMPLATE_REF", stubTemplate("simple.yaml", null),
                "SLOW_REF", stubTemplate("slow.yaml", null),
                "FAILING_REF", stubTemplate("failing.yaml", null)), Duration.ofMinutes(4));
        assertEquals(0, run.exitCode(), "node compat.mjs failed:\n" + run.output());
        assertTrue(run.stdout().contains("checks passed"), run.output());
    }

    private static void installClient() throws Exception {
        if (Files.isDirectory(CLIENT_DIR.resolve("node_modules/@backstage/plugin-scaffolder-common"))) {
            return;
        }
        Run npm = run("npm-ci", List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(3));
        assertEquals(0, npm.exitCode(), "npm ci in " + CLIENT_DIR + " failed:\n" + npm.output());
    }

    record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return "--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    static Run run(String name, List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        Files.createDirectories(OUTPUT);
        Path out = OUTPUT.resolve(name + ".out");
        Path err = OUTPUT.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(CLIENT_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.environment().put("NO_COLOR", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return fail("Cannot run '" + String.join(" ", command) + "' (" + e.getMessage() + "): Node.js and npm are required; "
                    + "dev/test installs them (apt-get install -y nodejs npm)", e);
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            fail("'" + String.join(" ", command) + "' did not finish within " + timeout + ":\n"
                    + new Run(-1, Files.readString(out), Files.readString(err)).output());
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
