package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A 1 KB file that expands to 2^24 leaves is refused while it is composed: a 413 for a dry run, an error on its location when processed. */
@QuarkusTest
class ExpansionBombTest extends CatalogTestSupport {

    @Test
    void dryRunOfAnExpansionBombIsA413ProblemAndStoresNothing() {
        Path bomb = writeCatalog(expansionBomb());
        int before = locationCount();
        long start = System.currentTimeMillis();
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "file", "target", bomb.toString())).post("/api/catalog/locations")
                .then().statusCode(413)
                .body("status", equalTo(413))
                .body("title", equalTo("Content Too Large"))
                .body("error.name", equalTo("PayloadTooLargeError"))
                .body("error.message", containsString("max-expanded-nodes"))
                .body("response.statusCode", equalTo(413));
        assertTrue(System.currentTimeMillis() - start < 10_000, "refused without expanding it");
        as(alice()).body(Map.of("type", "file", "target", bomb.toString())).post("/api/catalog/locations").then().statusCode(413);
        assertEquals(before, locationCount());
    }

    @Test
    void processingReportsTheBombOnItsLocationAndCarriesOn() throws Exception {
        String kept = unique("beside-bomb");
        String elsewhere = unique("elsewhere");
        Path root = writeCatalog("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + unique("with-bomb")
                + "}\nspec:\n  targets: [./ok.yaml, ./bomb.yaml]\n");
        Files.writeString(root.resolveSibling("ok.yaml"), component(kept, "payments-team"));
        Files.writeString(root.resolveSibling("bomb.yaml"), expansionBomb());
        String id = register(alice(), root);
        register(alice(), writeCatalog(component(elsewhere, "payments-team")));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + kept).then().statusCode(200);
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + elsewhere).then().statusCode(200);
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].errors.name", hasItem("PayloadTooLargeError"))
                .body("errors[0].errors.location", hasItem("file:" + root.resolveSibling("bomb.yaml")));
    }
}
