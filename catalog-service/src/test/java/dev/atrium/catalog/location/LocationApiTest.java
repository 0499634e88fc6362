package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LocationApiTest extends CatalogTestSupport {

    @Test
    void registersProcessesListsAndDeletesALocation() {
        String name = unique("svc");
        Path file = writeCatalog(component(name, "payments-team"));
        JsonPath created = as(alice()).body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(201)
                .body("location.type", equalTo("file")).body("location.target", equalTo(file.toString()))
                .body("entities", hasSize(0)).extract().jsonPath();
        String id = created.getString("location.id");
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200);
        as(alice()).get("/api/catalog/locations").then().statusCode(200).body("data.id", hasItem(id));
        as(alice()).get("/api/catalog/locations/" + id).then().statusCode(200).body("target", equalTo(file.toString()));
        as(alice()).get("/api/catalog/locations/by-entity/component/default/" + name).then().statusCode(200).body("id", equalTo(id));
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("ok")).body("entityCount", equalTo(2));
        as(alice()).queryParam("entityRef", "component:default/" + name).get("/api/catalog/history").then().statusCode(200)
                .body("items[0].event", equalTo("added"));

        as(alice()).body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations").then()
                .statusCode(409).body("error.name", equalTo("ConflictError"));

        as(alice()).delete("/api/catalog/locations/" + id).then().statusCode(204);
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(404);
        as(alice()).get("/api/catalog/locations/" + id).then().statusCode(404);
        as(alice()).delete("/api/catalog/locations/" + id).then().statusCode(404);
        as(alice()).queryParam("entityRef", "component:default/" + name).get("/api/catalog/history").then().statusCode(200)
                .body("items[0].event", equalTo("removed"));
    }

    @Test
    void dryRunReturnsEntitiesAndStoresNothing() {
        String name = unique("dry");
        Path file = writeCatalog(component(name, "payments-team"));
        int before = locationCount();
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(201)
                .body("exists", equalTo(false))
                .body("location.id", startsWith("file:"))
                .body("entities.kind", equalTo(List.of("Location", "Component")))
                .body("entities[1].metadata.annotations.'backstage.io/managed-by-location'", equalTo("file:" + file));
        assertEquals(before, locationCount());
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(404);
        as(alice()).queryParam("dryRun", "maybe").body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(400);
    }

    @Test
    void changesInTheFileUpdateEntitiesAndRemovedEntitiesBecomeOrphans() {
        String a = unique("keep");
        String b = unique("gone");
        Path file = writeCatalog(component(a, "payments-team") + "---\n" + component(b, "payments-team"));
        String id = register(alice(), file);
        settle();
        rewrite(file, component(a, "payments-team").replace("production", "deprecated"));
        as(alice()).body(Map.of("entityRef", "component:default/" + a)).post("/api/catalog/refresh").then().statusCode(200);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + a).then().statusCode(200)
                .body("spec.lifecycle", equalTo("deprecated"));
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + b).then().statusCode(200)
                .body("metadata.annotations.'backstage.io/orphan'", equalTo("true"));
        as(alice()).queryParam("entityRef", "component:default/" + a).queryParam("event", "changed").get("/api/catalog/history")
                .then().statusCode(200).body("items[0].changedFields", hasItem("spec.lifecycle"));
        as(alice()).queryParam("filter", "metadata.annotations.backstage.io/orphan=true").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", hasItem(b));
        as(alice()).delete("/api/catalog/locations/" + id).then().statusCode(204);
    }

    @Test
    void duplicateEntityFromSecondLocationIsAConflictOnThatLocation() {
        String name = unique("dup");
        Path first = writeCatalog(component(name, "payments-team"));
        Path second = writeCatalog(component(name, "payments-team").replace("service", "library"));
        register(alice(), first);
        settle();
        String secondId = register(alice(), second);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                .body("spec.type", equalTo("service"));
        as(alice()).get("/api/catalog/locations/" + secondId + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].errors[0].name", equalTo("ConflictError"))
                .body("errors[0].errors[0].message", containsString("component:default/" + name));
    }

    @Test
    void readErrorsAppearOnTheLocationStatusAndKeepEntities() {
        String name = unique("flaky");
        Path file = writeCatalog(component(name, "payments-team"));
        String id = register(alice(), file);
        settle();
        rewrite(file, "kind: [unclosed");
        as(alice()).body(Map.of("entityRef", "component:default/" + name)).post("/api/catalog/refresh").then().statusCode(200);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200);
        JsonPath status = as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).extract().jsonPath();
        assertEquals("error", status.getString("state"));
        assertTrue(status.getString("errors[0].errors[0].message").contains("Malformed YAML"), status.prettify());
    }

    /** Refreshing a location whose files did not change skips parsing them, but never loses its errors. */
    @Test
    void unchangedLocationsKeepTheirEntitiesAndTheirErrors() {
        String name = unique("steady");
        String good = component(name, "group:default/payments-team");
        Path file = writeCatalog(good);
        String id = register(alice(), file);
        settle();
        String locationRef = as(alice()).get("/api/catalog/locations/" + id).then().statusCode(200).extract().path("entityRef");
        for (int i = 0; i < 2; i++) {
            as(admin()).body(Map.of("entityRef", locationRef)).post("/api/catalog/refresh").then().statusCode(200);
            settle();
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200);
            as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).body("state", equalTo("ok"));
        }
        rewrite(file, good + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: \"Not A Valid Name!\"}\nspec: {}\n");
        for (int i = 0; i < 2; i++) {
            as(admin()).body(Map.of("entityRef", locationRef)).post("/api/catalog/refresh").then().statusCode(200);
            settle();
            as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).body("state", equalTo("error"));
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200);
        }
        rewrite(file, good);
        as(admin()).body(Map.of("entityRef", locationRef)).post("/api/catalog/refresh").then().statusCode(200);
        settle();
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).body("state", equalTo("ok"));
    }

    @Test
    void gitLocationsAreClonedWithJGit() throws Exception {
        Path work = SCRATCH.resolve(unique("repo"));
        java.nio.file.Files.createDirectories(work);
        String name = unique("gitsvc");
        java.nio.file.Files.writeString(work.resolve("catalog-info.yaml"), component(name, "payments-team"));
        Path bare = SCRATCH.resolve(unique("bare") + ".git");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("catalog").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
        }
        org.eclipse.jgit.api.Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        String target = bare.toUri().toString().replace("file:/", "file:///").replace("file:////", "file:///") + "#main:catalog-info.yaml";
        as(alice()).body(Map.of("type", "git", "target", target)).post("/api/catalog/locations").then().statusCode(201);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                .body("metadata.annotations.'backstage.io/managed-by-location'", startsWith("git:file:"));
        as(alice()).body(Map.of("location", Map.of("type", "git", "target", target.replace("#main:catalog-info.yaml", ""))))
                .post("/api/catalog/analyze-location").then().statusCode(200)
                .body("existingEntityFiles[0].entity.metadata.name", equalTo(name))
                .body("existingEntityFiles[0].isRegistered", equalTo(true));
    }

    @Test
    void analyzeDraftsAnEntityFromARepositoryDirectory() throws Exception {
        Path dir = SCRATCH.resolve(unique("orders-service"));
        java.nio.file.Files.createDirectories(dir.resolve(".github"));
        java.nio.file.Files.writeString(dir.resolve("pom.xml"), "<project/>");
        java.nio.file.Files.writeString(dir.resolve(".github/CODEOWNERS"), "# owners\n* @acme/payments-team\n");
        java.nio.file.Files.writeString(dir.resolve("orders.openapi.yaml"), "openapi: 3.0.0\n");
        as(alice()).body(Map.of("location", Map.of("type", "file", "target", dir.toString())))
                .post("/api/catalog/analyze-location").then().statusCode(200)
                .body("existingEntityFiles", hasSize(0))
                .body("generateEntities[0].entity.kind", equalTo("Component"))
                .body("generateEntities[0].entity.spec.owner", equalTo("payments-team"))
                .body("generateEntities[0].entity.spec.type", equalTo("service"))
                .body("generateEntities[0].entity.spec.providesApis", equalTo(List.of("orders")))
                .body("generateEntities[0].fields.find { it.field == 'spec.owner' }.state", equalTo("analysisSuggestedValue"));
        as(alice()).body(Map.of("location", Map.of("type", "url", "target", "not a url")))
                .post("/api/catalog/analyze-location").then().statusCode(400);
    }
}
