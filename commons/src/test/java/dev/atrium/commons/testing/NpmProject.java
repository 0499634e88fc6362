package dev.atrium.commons.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small npm project under a module's {@code src/test} (a pinned official client and the script that drives
 * it against the service): installs it from its lock file and runs commands in it with a time limit.
 * Needs {@code node} and {@code npm} on the PATH ({@code dev/test} installs them).
 */
public final class NpmProject {

    /** How a command ended and what it printed. */
    public record Run(int exitCode, String stdout, String stderr) {
        public String output() {
            return "--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private final Path dir;
    private final Path output;

    /**
     * @param dir    the project directory (with package.json and package-lock.json)
     * @param output where each command's stdout and stderr are written
     */
    public NpmProject(Path dir, Path output) {
        this.dir = dir.toAbsolutePath();
        this.output = output.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    /** {@code npm ci} from the committed lock file unless {@code node_modules/<installedPackage>} is there already. */
    public void install(String installedPackage, Duration timeout) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules").resolve(installedPackage))) {
            return;
        }
        Run npm = run("npm-ci", List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), timeout);
        assertEquals(0, npm.exitCode(), "npm ci in " + dir + " failed:\n" + npm.output());
    }

    /**
     * Runs {@code command} in the project directory with {@code env} added; output goes to files named
     * after {@code name} so a chatty process never blocks. Fails the test when it cannot start or overruns.
     */
    public Run run(String name, List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        Files.createDirectories(output);
        Path out = output.resolve(name + ".out");
        Path err = output.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.environment().put("NO_COLOR", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return fail("Cannot run '" + String.join(" ", command) + "' (" + e.getMessage() + "). Node.js and npm are required "
                    + "for this test: run the tests through dev/test, which installs them, or install them (e.g. apt-get install -y nodejs npm).", e);
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
