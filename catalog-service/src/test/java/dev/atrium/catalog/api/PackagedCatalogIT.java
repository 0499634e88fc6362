package dev.atrium.catalog.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The main catalog journey against the packaged jar: register a location, let the scheduled
 * processing loop ingest it, read entities back with a real signed token.
 */
@QuarkusIntegrationTest
class PackagedCatalogIT {

    @Test
    void registeredLocationIsIngestedByTheScheduledLoop() throws Exception {
        String admin = TestTokens.admin("pat");
        String target = Path.of("src/test/resources/fixtures/demo/catalog-info.yaml").toAbsolutePath().toString();
        int status = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("type", "file", "target", target))
                .post("/api/catalog/locations").statusCode();
        org.junit.jupiter.api.Assertions.assertTrue(status == 201 || status == 409, "status " + status);
        long deadline = System.currentTimeMillis() + 30_000;
        int code = 0;
        while (System.currentTimeMillis() < deadline && code != 200) {
            code = given().auth().oauth2(admin).get("/api/catalog/entities/by-name/component/default/payments-api").statusCode();
            Thread.sleep(250);
        }
        given().auth().oauth2(TestTokens.user("alice", "payments-team")).get("/api/catalog/entities/by-name/component/default/payments-api")
                .then().statusCode(200).body("spec.owner", equalTo("payments-team"))
                .body("relations.type", hasItem("ownedBy"));
        given().get("/api/catalog/entities").then().statusCode(401);
    }
}
