package dev.atrium.scaffolder.golden;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodejs-microservice golden path end to end, against the real catalog-service: the template
 * comes from the demo catalog (dev/demo-catalog/templates.yaml, registered in that catalog), its real
 * skeleton is rendered, pushed with JGit to a {@code file://} bare repository, registered as a git
 * location the catalog then ingests, AI access is requested when a model is chosen (access-service
 * is a WireMock stub speaking the contract until it is merged) and the output links are rendered.
 */
@QuarkusTest
@TestProfile(GoldenPathProfile.class)
class GoldenPathTest extends ScaffolderTestSupport {
    static final Path DEMO_CATALOG = Path.of("../dev/demo-catalog").toAbsolutePath().normalize();
    static CatalogProcess catalog;

    @BeforeAll
    static void startCatalog() throws Exception {
        Files.createDirectories(GoldenPathProfile.GIT_HOST);
        String oidc = ConfigProvider.getConfig().getValue("keycloak.url", String.class) + "/realms/quarkus/";
        catalog = new CatalogProcess(GoldenPathProfile.CATALOG_PORT, oidc, List.of(DEMO_CATALOG, GoldenPathProfile.GIT_HOST));
        given().baseUri(catalog.baseUrl).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("type", "file", "target", DEMO_CATALOG.resolve("templates.yaml").toString()))
                .post("/api/catalog/locations").then().statusCode(201);
        awaitCatalog("template/default/nodejs-microservice");
    }

    @AfterAll
    static void stopCatalog() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
    }

    static JsonPath awaitCatalog(String kindNsName) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            var r = given().baseUri(catalog.baseUrl).auth().oauth2(admin()).get("/api/catalog/entities/by-name/" + kindNsName);
            if (r.statusCode() == 200) {
                return r.jsonPath();
            }
            sleep(250);
        }
        throw new AssertionError(kindNsName + " never appeared in the catalog");
    }

    @Test
    void nodejsMicroserviceGoldenPathEndToEnd(@TempDir Path clone) throws Exception {
        wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/auth/access-stub/api/access/v1/requests"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"req-golden-1\",\"state\":\"approved\",\"modelRef\":\"aimodel:default/gpt-gateway\"}")));
        as(alice()).get(API + "/templates/default/template/nodejs-microservice/parameter-schema").then().statusCode(200)
                .body("steps[0].schema.properties.owner.'ui:field'", org.hamcrest.Matchers.equalTo("OwnerPicker"));

        String token = alice();
        String id = scaffold(token, "template:default/nodejs-microservice", Map.of(
                "name", "orders-api", "owner", "payments-team", "aiModel", "aimodel:default/gpt-gateway",
                "repoUrl", "git.atrium.example?owner=payments-team&repo=orders-api"));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals(List.of("completed", "completed", "completed", "completed"), task.getList("steps.status"));

        Path bare = GoldenPathProfile.GIT_HOST.resolve("payments-team/orders-api.git");
        assertEquals(bare.toUri().toString().replaceAll("/$", ""), task.getString("output.links[0].url").replaceAll("/$", ""));
        assertEquals("component:default/orders-api", task.getString("output.links[1].entityRef"));
        assertTrue(task.getString("output.text[0].content").contains("req-golden-1"), task.getString("output.text[0].content"));

        // a real git push: the bare repository has the rendered skeleton on main
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).setBranch("main").call()) {
            assertTrue(Files.readString(clone.resolve("catalog-info.yaml")).contains("name: orders-api"));
            assertTrue(Files.readString(clone.resolve("package.json")).contains("\"name\": \"orders-api\""));
            assertTrue(Files.readString(clone.resolve("README.md")).contains("aimodel:default/gpt-gateway"));
            assertTrue(Files.readString(clone.resolve(".github/workflows/ci.yaml")).contains("${{ github.sha }}"), "copied without templating");
            assertEquals(git.log().call().iterator().next().getName(), text(
                    "SELECT output->>'commitHash' FROM task_steps WHERE task_id = ?::uuid AND step_id = 'publish'", id));
        }

        // a real registration: the catalog ingests the pushed catalog-info.yaml
        JsonPath component = awaitCatalog("component/default/orders-api");
        assertEquals("payments-team", component.getString("spec.owner"));
        assertTrue(component.getString("metadata.annotations.'backstage.io/managed-by-location'").startsWith("git:"));

        // AI access requested with the user's token, as the access-service contract says
        wiremock.verify(postRequestedFor(urlPathEqualTo("/auth/access-stub/api/access/v1/requests"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withRequestBody(equalToJson("{\"modelRef\":\"aimodel:default/gpt-gateway\",\"team\":\"payments-team\","
                        + "\"useCase\":\"AI features of the orders-api service\",\"expectedMonthlyTokens\":100000}")));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE payload->'attributes'->>'taskId' = ? "
                + "AND payload->'attributes'->>'workflow' = 'new-service'", id));
    }

    @Test
    void withoutAModelTheAccessStepIsSkipped() {
        String id = scaffold(alice(), "template:default/nodejs-microservice", Map.of(
                "name", "billing-worker", "owner", "payments-team",
                "repoUrl", "git.atrium.example?owner=payments-team&repo=billing-worker"));
        JsonPath task = awaitTask(alice(), id);
        assertEquals("completed", task.getString("status"), task.prettify());
        assertEquals(List.of("completed", "completed", "completed", "skipped"), task.getList("steps.status"));
        assertFalse(task.getString("output.text[0].content").contains("AI access"));
        assertEquals("component:default/billing-worker", task.getString("output.links[1].entityRef"));
        awaitCatalog("component/default/billing-worker");
    }
}
