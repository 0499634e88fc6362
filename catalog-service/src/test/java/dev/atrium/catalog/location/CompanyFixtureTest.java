package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fixtures/acme}, written the way a company's repositories look (an org export, domains,
 * one catalog-info.yaml per repository, API definitions beside them, golden-path templates), ingests
 * completely, with the relations Backstage would draw.
 */
@QuarkusTest
class CompanyFixtureTest extends CatalogTestSupport {

    private JsonPath entity(String kind, String name) {
        return as(alice()).get("/api/catalog/entities/by-name/" + kind + "/acme/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> related(JsonPath entity, String type) {
        return entity.getList("relations.findAll { it.type == '" + type + "' }.targetRef");
    }

    private void assertRelations(String kind, String name, String type, String... targets) {
        List<String> actual = related(entity(kind, name), type);
        assertTrue(actual.containsAll(List.of(targets)), kind + ":acme/" + name + " " + type + " " + List.of(targets) + ", got " + actual);
    }

    @Test
    void aCompanysRepositoriesIngestCompletelyWithTheirRelations() throws Exception {
        String target = FIXTURES.resolve("acme/catalog-info.yaml").toString();
        // a dry run sees the whole tree, nested Locations included, and nothing wrong with it
        JsonPath dry = as(admin()).queryParam("dryRun", "true").body(Map.of("type", "file", "target", target))
                .post("/api/catalog/locations").then().statusCode(201).extract().jsonPath();
        assertEquals(List.of(), dry.getList("errors"), dry.prettify());
        assertEquals(32, dry.getList("entities").size());

        String id = as(admin()).body(Map.of("type", "file", "target", target)).post("/api/catalog/locations").then().statusCode(201)
                .body("errors", equalTo(List.of())).extract().path("location.id");
        settle();
        as(admin()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("ok")).body("errors", equalTo(List.of())).body("entityCount", equalTo(32));
        Map<String, Integer> kinds = Map.of("location", 3, "group", 6, "user", 4, "domain", 4, "system", 3, "component", 4, "api", 2,
                "resource", 3, "template", 2);
        kinds.forEach((kind, n) -> as(alice()).queryParam("filter", "kind=" + kind + ",metadata.namespace=acme").queryParam("limit", 0)
                .get("/api/catalog/entities/by-query").then().statusCode(200).body("totalItems", equalTo(n)));

        // the organisation: groups with parents and children, users and their teams
        assertRelations("group", "acme", "parentOf", "group:acme/engineering", "group:acme/product");
        assertRelations("group", "engineering", "childOf", "group:acme/acme");
        assertRelations("group", "engineering", "parentOf", "group:acme/payments", "group:acme/checkout", "group:acme/platform");
        assertRelations("group", "payments", "childOf", "group:acme/engineering");
        assertRelations("group", "payments", "hasMember", "user:acme/alice");
        assertRelations("group", "platform", "hasMember", "user:acme/erin", "user:acme/pat");
        assertRelations("user", "bob", "memberOf", "group:acme/checkout");

        // domains with subdomains, systems in them, and who owns what
        assertRelations("domain", "commerce", "hasPart", "domain:acme/payments", "domain:acme/checkout");
        assertRelations("domain", "payments", "partOf", "domain:acme/commerce");
        assertRelations("domain", "payments", "hasPart", "system:acme/payments-core");
        assertRelations("system", "storefront", "partOf", "domain:acme/checkout");
        assertRelations("system", "payments-core", "hasPart", "component:acme/payments-service", "api:acme/payments-api", "resource:acme/payments-db");
        assertRelations("group", "engineering", "ownerOf", "domain:acme/commerce");
        assertRelations("group", "payments", "ownerOf", "component:acme/payments-service", "system:acme/payments-core", "domain:acme/payments");

        // components, the APIs they provide and consume, and what they depend on
        assertRelations("component", "payments-service", "providesApi", "api:acme/payments-api");
        assertRelations("component", "payments-service", "dependsOn", "resource:acme/payments-db");
        assertRelations("component", "payments-service", "dependsOn", "resource:acme/shared-postgres");
        assertRelations("resource", "shared-postgres", "dependencyOf", "component:acme/payments-service");
        assertRelations("component", "checkout-web", "consumesApi", "api:acme/payments-api", "api:acme/cart-events");
        assertRelations("component", "checkout-web", "dependsOn", "component:acme/cart-service");
        assertRelations("api", "payments-api", "apiProvidedBy", "component:acme/payments-service");
        assertRelations("api", "payments-api", "apiConsumedBy", "component:acme/checkout-web");
        assertRelations("resource", "cart-cache", "dependencyOf", "component:acme/cart-service");

        // API definitions come from the files next to them
        assertEquals(Files.readString(FIXTURES.resolve("acme/repos/payments-service/openapi.yaml")), entity("api", "payments-api").getString("spec.definition"));
        assertEquals(Files.readString(FIXTURES.resolve("acme/repos/checkout-web/docs/asyncapi.yaml")), entity("api", "cart-events").getString("spec.definition"));

        // the golden paths, in Backstage's software-templates shape
        JsonPath template = entity("template", "springboot-service");
        assertEquals("scaffolder.backstage.io/v1beta3", template.getString("apiVersion"));
        assertEquals(List.of("fetch-base", "publish", "register"), template.getList("spec.steps.id"));
        assertEquals("${{ parameters.component_id }}", template.getString("spec.steps[0].input.values.component_id"));
        assertEquals("RepoUrlPicker", template.getString("spec.parameters[1].properties.repoUrl.'ui:field'"));
        assertRelations("template", "springboot-service", "ownedBy", "group:acme/platform");
        assertRelations("group", "platform", "ownerOf", "template:acme/springboot-service", "template:acme/react-website");

        // nested Locations: each entity names the file it came from and the registered root
        JsonPath api = entity("api", "payments-api");
        assertEquals("file:" + FIXTURES.resolve("acme/repos/payments-service/catalog-info.yaml"),
                api.getString("metadata.annotations.'backstage.io/managed-by-location'"));
        assertEquals("file:" + target, api.getString("metadata.annotations.'backstage.io/managed-by-origin-location'"));
        as(alice()).get("/api/catalog/entities/by-name/user/acme/alice/ancestry").then().statusCode(200)
                .body("items.entity.metadata.name", hasItems("alice", "acme-org", "acme-catalog"));
    }
}
