package dev.atrium.scaffolder.workspace;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import dev.atrium.scaffolder.support.TemplateBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Skeletons cannot reach outside the allowed directories or the workspace: {@code ../} escapes,
 * absolute paths, symbolic links (in a skeleton, or as the skeleton) and file names that render
 * outside the target are refused, and nothing is written outside. Bundled skeletons work over REST.
 */
@QuarkusTest
class SkeletonSafetyTest extends ScaffolderTestSupport {
    /** A skeleton root of the test profile (atrium.scaffolder.skeletons.file-roots). */
    static final Path ROOT = Path.of("target/test-skeletons").toAbsolutePath();
    static final Path WORKSPACES = Path.of("target/workspaces").toAbsolutePath();
    static final String PWNED = "pwned-" + UUID.randomUUID();

    @BeforeAll
    static void skeletons() throws IOException {
        Files.createDirectories(ROOT);
        Path linked = ROOT.resolve("with-link");
        Files.createDirectories(linked);
        Files.writeString(linked.resolve("README.md"), "# ${{ values.name }}\n");
        Files.deleteIfExists(linked.resolve("passwd"));
        Files.createSymbolicLink(linked.resolve("passwd"), Path.of("/etc/passwd"));
        Files.deleteIfExists(ROOT.resolve("etc-link"));
        Files.createSymbolicLink(ROOT.resolve("etc-link"), Path.of("/etc"));
        Path names = ROOT.resolve("names");
        Files.createDirectories(names);
        Files.writeString(names.resolve("${{ values.file }}"), "hello\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../ out of the workspace          | bundled:hello-world                   | ../../outside | outside the workspace",
        "absolute target path              | bundled:hello-world                   | /etc          | must be relative to the workspace",
        "absolute skeleton path            | /etc                                  | .             | must be relative to the template",
        "file: outside the roots           | file:/etc                             | .             | is outside atrium.scaffolder.skeletons.file-roots",
        "../ out of the roots              | ../../../../../../../../etc           | .             | is outside atrium.scaffolder.skeletons.file-roots",
        "a link inside the skeleton        | file:target/test-skeletons/with-link  | .             | is a symbolic link; links are not copied",
        "the skeleton is a link            | file:target/test-skeletons/etc-link   | .             | escapes the allowed directories through a link",
        "git path escaping the repository  | file:/srv/repo.git#main:../../etc     | .             | Git path must be relative to the repository root",
        "bundled name with a path          | bundled:../../etc                     | .             | Bundled skeleton names are lower-case"
    })
    void maliciousSkeletonPathsAreRefused(String why, String url, String targetPath, String problem) {
        TemplateBuilder template = TemplateBuilder.v1beta3("malicious")
                .location("file:" + FIXTURES.resolve("templates/malicious.yaml"))
                .step("fetch", "fetch:template", Map.of("url", url, "targetPath", targetPath, "values", Map.of("name", "x")));
        JsonPath result = dryRun(template, List.of());
        assertEquals("failed", result.getString("status"), why + ": " + result.prettify());
        assertEquals("failed", result.getString("steps[0].status"));
        String message = result.getString("log.find { it.body.stepId == 'fetch' && it.body.status == 'failed' }.body.message");
        assertTrue(message != null && message.contains(problem), why + ": " + message);
        assertEquals(List.of(), result.getList("directoryContents"), "nothing was written");
        assertFalse(Files.exists(WORKSPACES.resolve("outside")), "nothing landed next to the workspaces");
    }

    @Test
    void aFileNameRenderingOutsideTheTargetFailsTheTaskAndWritesNothingOutside() {
        String ref = stub(TemplateBuilder.v1beta3("evil-name")
                .step("fetch", "fetch:template", Map.of("url", "file:target/test-skeletons/names",
                        "values", Map.of("file", "../../../../../../../../tmp/" + PWNED))));
        String id = scaffold(alice(), ref, Map.of());
        JsonPath task = awaitTask(alice(), id, "failed");
        assertTrue(task.getString("error").contains("is outside the workspace"), task.getString("error"));
        assertFalse(Files.exists(Path.of("/tmp", PWNED)), "no file was written outside the workspace");
    }

    @Test
    void dryRunDirectoryContentsMayNotEscapeTheTemplateDirectory() {
        TemplateBuilder template = TemplateBuilder.v1beta3("dir-escape").step("log", "debug:log", Map.of("message", "x"));
        for (String path : List.of("../escape-" + PWNED + ".txt", "/tmp/" + PWNED + ".txt", "a/../../" + PWNED + ".txt")) {
            as(alice()).body(Map.of("template", template.entity(), "values", Map.of(),
                    "directoryContents", List.of(Map.of("path", path, "base64Content", b64("nope")))))
                    .post(API + "/dry-run").then().statusCode(400).body("error.name", equalTo("InputError"))
                    .body("error.message", containsString("workspace"));
        }
        assertFalse(Files.exists(WORKSPACES.resolve("dry-run-templates").resolve("escape-" + PWNED + ".txt")));
        assertFalse(Files.exists(Path.of("/tmp", PWNED + ".txt")));
    }

    @Test
    void bundledSkeletonsRenderThroughInvokeAndDryRun() {
        as(alice()).body(Map.of("url", "bundled:hello-world", "values", Map.of("name", "svc", "owner", "payments-team")))
                .post(API + "/actions/fetch:template/invoke").then().statusCode(200)
                .body("output.files", equalTo(2))
                .body("log[0]", equalTo("Rendered 2 files from bundled:hello-world into ./"));

        JsonPath result = dryRun(TemplateBuilder.v1beta3("bundled")
                .step("fetch", "fetch:template", Map.of("url", "bundled:hello-world", "values", Map.of("name", "svc", "owner", "payments-team"))),
                List.of());
        assertEquals("completed", result.getString("status"), result.prettify());
        assertEquals(List.of("README.md", "catalog-info.yaml"), result.getList("directoryContents.path"));
        String catalogInfo = decode(result.getString("directoryContents.find { it.path == 'catalog-info.yaml' }.base64Content"));
        assertTrue(catalogInfo.contains("name: svc") && catalogInfo.contains("owner: payments-team"), catalogInfo);
        assertTrue(decode(result.getString("directoryContents.find { it.path == 'README.md' }.base64Content")).startsWith("# svc\n"));

        as(alice()).body(Map.of("url", "bundled:does-not-exist")).post(API + "/actions/fetch:template/invoke").then().statusCode(404)
                .body("error.message", equalTo("No bundled skeleton does-not-exist"));
    }

    private JsonPath dryRun(TemplateBuilder template, List<Map<String, String>> files) {
        return as(alice()).body(Map.of("template", template.entity(), "values", Map.of(), "directoryContents", files))
                .post(API + "/dry-run").then().statusCode(200).extract().jsonPath();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
