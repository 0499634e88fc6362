package dev.atrium.catalog.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.atrium.catalog.support.CatalogTestSupport;
import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint needs a valid token; writes need ownership or the platform-admin role. */
@QuarkusTest
class AuthorizationTest extends CatalogTestSupport {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /api/catalog/entities",
        "GET, /api/catalog/entities/by-query",
        "POST, /api/catalog/entities/by-query",
        "POST, /api/catalog/entity-facets",
        "POST, /api/catalog/locations/by-query",
        "PUT, /api/catalog/locations/00000000-0000-0000-0000-000000000000",
        "POST, /api/catalog/entities/by-refs",
        "GET, /api/catalog/entities/by-uid/00000000-0000-0000-0000-000000000000",
        "DELETE, /api/catalog/entities/by-uid/00000000-0000-0000-0000-000000000000",
        "GET, /api/catalog/entities/by-name/component/default/payments-api",
        "GET, /api/catalog/entities/by-name/component/default/payments-api/ancestry",
        "GET, /api/catalog/entity-facets?facet=kind",
        "POST, /api/catalog/refresh",
        "GET, /api/catalog/locations",
        "POST, /api/catalog/locations",
        "GET, /api/catalog/locations/00000000-0000-0000-0000-000000000000",
        "GET, /api/catalog/locations/00000000-0000-0000-0000-000000000000/status",
        "DELETE, /api/catalog/locations/00000000-0000-0000-0000-000000000000",
        "GET, /api/catalog/locations/by-entity/component/default/payments-api",
        "POST, /api/catalog/analyze-location",
        "POST, /api/catalog/validate-entity",
        "GET, /api/catalog/model",
        "GET, /api/catalog/model/kinds/component",
        "PUT, /api/catalog/model/kinds/component",
        "GET, /api/catalog/history",
        "GET, /api/catalog/ownership/group:default/payments-team"
    })
    void withoutTokenIs401(String method, String path) {
        given().contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2(TestTokens.expired("alice")).contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{}").request(method, path).then().statusCode(401);
    }

    @Test
    void otherTeamCannotDeleteAnEntityButOwnerAndAdminCan() {
        String name = unique("owned");
        Path file = writeCatalog(component(name, "payments-team") + "---\n" + component(name + "-2", "payments-team"));
        register(alice(), file);
        settle();
        String uid = as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().extract().path("metadata.uid");
        as(bob()).delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        as(alice()).get("/api/catalog/entities/by-uid/" + uid).then().statusCode(200);
        as(alice()).delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
        as(alice()).get("/api/catalog/entities/by-uid/" + uid).then().statusCode(404);
        String uid2 = as(alice()).get("/api/catalog/entities/by-name/component/default/" + name + "-2").then().extract().path("metadata.uid");
        as(admin()).delete("/api/catalog/entities/by-uid/" + uid2).then().statusCode(204);
    }

    @Test
    void domainOwnerMayDeleteAnotherTeamsEntityInTheirDomain() {
        ensureFixtureCatalog();
        String name = unique("in-domain");
        Path file = writeCatalog(component(name, "checkout-team") + "  system: payments-platform\n");
        register(bob(), file);
        settle();
        String uid = as(bob()).get("/api/catalog/entities/by-name/component/default/" + name).then().extract().path("metadata.uid");
        as(TestTokens.user("dave", "data-team")).delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(403);
        as(alice()).delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
    }

    @Test
    void otherTeamCannotRegisterEntitiesItDoesNotOwn() {
        int before = locationCount();
        as(bob()).body(Map.of("type", "file", "target", writeCatalog(component(unique("theirs"), "payments-team")).toString()))
                .post("/api/catalog/locations").then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        String group = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: " + unique("g") + "}\nspec: {type: team, children: []}\n";
        as(alice()).body(Map.of("type", "file", "target", writeCatalog(group).toString()))
                .post("/api/catalog/locations").then().statusCode(403);
        org.junit.jupiter.api.Assertions.assertEquals(before, locationCount());
    }

    @Test
    void otherTeamCannotRemoveALocation() {
        String id = register(alice(), writeCatalog(component(unique("loc"), "payments-team")));
        settle();
        as(bob()).delete("/api/catalog/locations/" + id).then().statusCode(403);
        as(alice()).get("/api/catalog/locations/" + id).then().statusCode(200);
        as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
    }

    @Test
    void onlyPlatformAdminsChangeTheModel() {
        as(alice()).body(Map.of("properties", Map.of("tier", Map.of("type", "string")))).put("/api/catalog/model/kinds/Widget")
                .then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        as(alice()).get("/api/catalog/model/kinds/widget").then().statusCode(404);
    }

}
