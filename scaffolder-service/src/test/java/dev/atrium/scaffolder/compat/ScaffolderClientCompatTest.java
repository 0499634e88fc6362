package dev.atrium.scaffolder.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.commons.testing.NpmProject;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the official {@code ScaffolderClient} from npm {@code @backstage/plugin-scaffolder-common}
 * (pinned in {@code src/test/scaffolder-client/package.json}), unchanged, against this service:
 * parameter schema, scaffold, event stream and long polling, get/list tasks, actions, dry run,
 * cancel, retry and templating extensions.
 */
@QuarkusTest
class ScaffolderClientCompatTest extends ScaffolderTestSupport {
    static final NpmProject CLIENT = new NpmProject(Path.of("src/test/scaffolder-client"), Path.of("target/scaffolder-client-compat"));

    @TestHTTPResource("/api")
    URL api;

    @Test
    void officialScaffolderClientWorksUnchanged() throws Exception {
        CLIENT.install("@backstage/plugin-scaffolder-common", Duration.ofMinutes(3));
        NpmProject.Run run = CLIENT.run("compat", List.of("node", "compat.mjs"), Map.of(
                "BASE_URL", api.toString(),
                "TOKEN", alice(),
                "USER_REF", "user:default/alice",
                "TEMPLATE_REF", stubTemplate("simple.yaml", null),
                "SLOW_REF", stubTemplate("slow.yaml", null),
                "FAILING_REF", stubTemplate("failing.yaml", null)), Duration.ofMinutes(4));
        assertEquals(0, run.exitCode(), "node compat.mjs failed:\n" + run.output());
        assertTrue(run.stdout().contains("checks passed"), run.output());
    }
}
