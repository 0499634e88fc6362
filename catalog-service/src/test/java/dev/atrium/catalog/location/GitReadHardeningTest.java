package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.catalog.support.CatalogTestSupport;
import dev.atrium.catalog.support.GitHostStub;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/** Git and URL reads: links stay inside the clone, limits hold while cloning, errors leak nothing, nested types stay. */
@QuarkusTest
class GitReadHardeningTest extends CatalogTestSupport {

    /** A bare repository (branch main) made from the files {@code populate} writes into a work tree. */
    private static String bareRepository(java.util.function.Consumer<Path> populate) throws Exception {
        Path work = SCRATCH.resolve(unique("work"));
        Files.createDirectories(work);
        populate.accept(work);
        Path bare = SCRATCH.resolve(unique("bare") + ".git");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("catalog").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
        }
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        return "file://" + bare;
    }

    private static void write(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void link(Path link, String target) {
        try {
            Files.createSymbolicLink(link, Path.of(target));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void symbolicLinksAreNeverFollowedOutOfTheClone() throws Exception {
        String name = unique("linked");
        String repo = bareRepository(work -> {
            write(work.resolve("real/catalog.yaml"), component(name, "payments-team"));
            link(work.resolve("catalog-info.yaml"), "/etc/passwd");
            link(work.resolve("escape.yaml"), "../../../../etc/hostname");
            link(work.resolve("inside.yaml"), "real/catalog.yaml");
        });
        int before = locationCount();
        for (String path : List.of("catalog-info.yaml", "escape.yaml")) {
            as(alice()).body(Map.of("type", "git", "target", repo + "#main:" + path)).post("/api/catalog/locations").then()
                    .statusCode(404).body("error.message", containsString("leads out of the repository"))
                    .body("error.message", not(containsString("root:")));
        }
        assertEquals(before, locationCount());
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "git", "target", repo + "#main:inside.yaml"))
                .post("/api/catalog/locations").then().statusCode(201).body("entities[1].metadata.name", equalTo(name));
    }

    @Test
    void theRepositoryLimitHoldsWhileCloning() throws Exception {
        // the test profile allows 2 MiB per repository; 6 MB of incompressible files do not fit
        String repo = bareRepository(work -> {
            Random random = new Random(7);
            for (int i = 0; i < 60; i++) {
                byte[] b = new byte[100_000];
                random.nextBytes(b);
                try {
                    Files.write(work.resolve("blob-" + i + ".bin"), b);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            write(work.resolve("catalog-info.yaml"), component(unique("heavy"), "payments-team"));
        });
        int before = locationCount();
        as(alice()).body(Map.of("type", "git", "target", repo + "#main:catalog-info.yaml")).post("/api/catalog/locations").then()
                .statusCode(413).body("error.name", equalTo("PayloadTooLargeError"))
                .body("error.message", containsString("max-repository-bytes"));
        assertEquals(before, locationCount());
    }

    @Test
    void errorMessagesNameNeitherInternalAddressesNorServerPaths() throws Exception {
        as(alice()).body(Map.of("type", "url", "target", "http://localhost:1/catalog-info.yaml")).post("/api/catalog/locations").then()
                .statusCode(403).body("error.message", not(containsString("127.0.0.1"))).body("error.message", not(containsString("0:0:0:0")));
        String missing = "file://" + SCRATCH.resolve(unique("absent") + ".git");
        as(alice()).body(Map.of("type", "git", "target", missing + "#main:catalog-info.yaml")).post("/api/catalog/locations").then()
                .statusCode(404).body("error.message", not(containsString("atrium-git-")))
                .body("error.message", not(containsString(System.getProperty("java.io.tmpdir") + "/")));
        String repo = bareRepository(work -> write(work.resolve("catalog-info.yaml"), component(unique("x"), "payments-team")));
        as(alice()).body(Map.of("type", "git", "target", repo + "#nope:catalog-info.yaml")).post("/api/catalog/locations").then()
                .statusCode(404).body("error.message", not(containsString("atrium-git-")));
        Path outside = SCRATCH.resolve(unique("to-etc"));
        Files.createSymbolicLink(outside, Path.of("/etc"));
        as(alice()).body(Map.of("type", "file", "target", outside.resolve("passwd").toString())).post("/api/catalog/locations").then()
                .statusCode(403).body("error.message", containsString("escapes the allowed roots"))
                .body("error.message", not(containsString("/etc/passwd")));
    }

    @Test
    void aNestedLocationKeepsTheTypeOfItsParent() {
        Path file = writeCatalog("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + unique("to-url")
                + "}\nspec: {type: url, target: 'http://127.0.0.1:1/x.yaml'}\n---\n" + component(unique("fine"), "payments-team"));
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations")
                .then().statusCode(201)
                .body("errors.message", hasItem(containsString("A file location cannot emit url locations")))
                .body("entities.kind", equalTo(List.of("Location", "Component")));
        String repo = unique("types");
        GitHostStub.write("github/acme/" + repo + "/main/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: "
                + unique("to-file") + "}\nspec: {type: file, target: /etc/passwd}\n---\n" + component(unique("ok"), "payments-team"));
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "url", "target", "https://github.com/acme/" + repo + "/blob/main/catalog-info.yaml"))
                .post("/api/catalog/locations").then().statusCode(201)
                .body("errors.message", hasItem(containsString("A url location cannot emit file locations")))
                .body("entities.kind", equalTo(List.of("Location", "Component")));
    }
}
