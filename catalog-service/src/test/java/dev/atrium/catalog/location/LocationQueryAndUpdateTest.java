package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /locations/by-query and PUT /locations/{id}: paging, predicates, ownership, and refused changes change nothing. */
@QuarkusTest
class LocationQueryAndUpdateTest extends CatalogTestSupport {

    private static Map<String, Object> location(String id) {
        return as(admin()).get("/api/catalog/locations/" + id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    private static void update(String token, String id, Path target, int status) {
        as(token).body(Map.of("type", "file", "target", target.toString())).put("/api/catalog/locations/" + id).then().statusCode(status);
    }

    @Test
    void queryPagesLocationsInIdOrderAndFiltersThem() {
        List<String> ids = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = writeCatalog(component(unique("lq"), "payments-team"));
            files.add(file);
            ids.add(register(alice(), file));
        }
        Map<String, Object> mine = Map.of("$any", files.stream().map(f -> Map.of("target", f.toString())).toList());
        JsonPath first = as(alice()).body(Map.of("query", mine, "limit", 2)).post("/api/catalog/locations/by-query")
                .then().statusCode(200).body("items", hasSize(2)).body("totalItems", equalTo(3)).extract().jsonPath();
        List<String> sorted = ids.stream().sorted().toList();
        assertEquals(sorted.subList(0, 2), first.getList("items.id"));
        JsonPath second = as(alice()).body(Map.of("cursor", first.getString("pageInfo.nextCursor")))
                .post("/api/catalog/locations/by-query").then().statusCode(200).extract().jsonPath();
        assertEquals(sorted.subList(2, 3), second.getList("items.id"));
        assertEquals(3, second.getInt("totalItems"));
        assertTrue(second.get("pageInfo.nextCursor") == null, "the last page has no nextCursor");
        String entityRef = (String) location(ids.get(1)).get("entityRef");
        as(alice()).body(Map.of("query", Map.of("entityRef", entityRef.toUpperCase()))).post("/api/catalog/locations/by-query")
                .then().statusCode(200).body("items.id", equalTo(List.of(ids.get(1))));
        as(alice()).body(Map.of("query", Map.of("type", "file", "target", Map.of("$hasPrefix", files.get(0).toString())), "limit", 5))
                .post("/api/catalog/locations/by-query").then().statusCode(200).body("items.id", equalTo(List.of(ids.get(0))));
        as(alice()).body(Map.of("limit", 10001)).post("/api/catalog/locations/by-query").then().statusCode(400);
        as(alice()).body(Map.of("query", Map.of("type", Map.of("$like", "f%")))).post("/api/catalog/locations/by-query")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        for (String id : ids) {
            as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
        }
    }

    @Test
    void ownerPointsALocationAtAnotherTarget() {
        String oldName = unique("moved-from");
        String newName = unique("moved-to");
        Path oldFile = writeCatalog(component(oldName, "payments-team"));
        Path newFile = writeCatalog(component(newName, "payments-team"));
        String id = register(alice(), oldFile);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + oldName).then().statusCode(200);

        as(alice()).body(Map.of("type", "file", "target", newFile.toString())).put("/api/catalog/locations/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("target", equalTo(newFile.toString()))
                .body("entityRef", equalTo("location:default/" + Location.generatedName("file", newFile.toString())));
        assertEquals(newFile.toString(), location(id).get("target"));
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + oldName).then().statusCode(404);
        as(alice()).queryParam("entityRef", "component:default/" + oldName).get("/api/catalog/history").then().statusCode(200)
                .body("items[0].event", equalTo("removed"));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + newName).then().statusCode(200)
                .body("metadata.annotations.'backstage.io/managed-by-origin-location'", equalTo("file:" + newFile));
        as(alice()).get("/api/catalog/locations/by-entity/component/default/" + newName).then().statusCode(200).body("id", equalTo(id));
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).body("state", equalTo("ok"))
                .body("entityCount", equalTo(2));
        as(alice()).delete("/api/catalog/locations/" + id).then().statusCode(204);
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + newName).then().statusCode(404);
    }

    @Test
    void refusedUpdatesChangeNothing() {
        String name = unique("stays");
        Path file = writeCatalog(component(name, "payments-team"));
        String id = register(alice(), file);
        Path other = writeCatalog(component(unique("other"), "payments-team"));
        String otherId = register(alice(), other);
        settle();
        Map<String, Object> before = location(id);

        update(bob(), id, writeCatalog(component(unique("bobs"), "checkout-team")), 403);
        update(alice(), id, writeCatalog(component(unique("theirs"), "checkout-team")), 403);
        update(alice(), id, other, 409);
        update(alice(), id, file.resolveSibling("missing.yaml"), 404);
        update(alice(), "00000000-0000-4000-8000-000000000000", other, 404);
        update(alice(), "not-a-uuid", other, 404);
        as(alice()).body(Map.of("type", "file")).put("/api/catalog/locations/" + id).then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        as(alice()).body(Map.of("type", "ftp", "target", other.toString())).put("/api/catalog/locations/" + id).then().statusCode(400);
        as(alice()).body(Map.of("type", "file", "target", "/etc/passwd")).put("/api/catalog/locations/" + id).then().statusCode(403);

        assertEquals(before, location(id));
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                .body("metadata.annotations.'backstage.io/managed-by-origin-location'", equalTo("file:" + file));
        as(alice()).get("/api/catalog/locations/by-entity/component/default/" + name).then().statusCode(200).body("id", equalTo(id));
        assertTrue(locationCount() >= 2);
        as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
        as(admin()).delete("/api/catalog/locations/" + otherId).then().statusCode(204);
    }

    @Test
    void anUpdateToAFileWithAnInvalidEntityReportsItLikeARegistration() {
        String id = register(alice(), writeCatalog(component(unique("before"), "payments-team")));
        String valid = unique("valid");
        update(alice(), id, writeCatalog(component(valid, "payments-team")
                + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: Not Valid}\nspec: {owner: payments-team}\n"), 200);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + valid).then().statusCode(200);
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].errors.field", org.hamcrest.Matchers.hasItem("metadata.name"));
        as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
    }

    @Test
    void anAdminMayMoveAnyLocation() {
        String id = register(alice(), writeCatalog(component(unique("adm"), "payments-team")));
        Path target = writeCatalog(component(unique("adm-new"), "checkout-team"));
        as(admin()).body(Map.of("type", "file", "target", target.toString())).put("/api/catalog/locations/" + id).then().statusCode(200)
                .body("target", equalTo(target.toString())).body("type", equalTo("file"));
        as(admin()).body(Map.of("type", "file", "target", target.toString())).put("/api/catalog/locations/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("target", equalTo(target.toString()));
        as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
    }
}
