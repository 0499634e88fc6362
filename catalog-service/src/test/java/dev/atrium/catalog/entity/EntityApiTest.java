package dev.atrium.catalog.entity;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EntityApiTest extends CatalogTestSupport {

    @BeforeEach
    void catalog() {
        ensureFixtureCatalog();
    }

    @Test
    void byNameReturnsStitchedEntityWithRelationsUidAndEtag() {
        as(alice()).get("/api/catalog/entities/by-name/component/default/payments-api").then()
                .statusCode(200)
                .body("kind", equalTo("Component"))
                .body("metadata.name", equalTo("payments-api"))
                .body("metadata.namespace", equalTo("default"))
                .body("metadata.uid", notNullValue())
                .body("metadata.etag", notNullValue())
                .body("metadata.annotations.'backstage.io/managed-by-location'", containsString("software.yaml"))
                .body("metadata.annotations.'backstage.io/managed-by-origin-location'", containsString("demo/catalog-info.yaml"))
                .body("relations.findAll { it.type == 'ownedBy' }.targetRef", hasItem("group:default/payments-team"))
                .body("relations.findAll { it.type == 'partOf' }.targetRef", hasItem("system:default/payments-platform"))
                .body("relations.findAll { it.type == 'providesApi' }.targetRef", hasItem("api:default/payments-rest"))
                .body("relations.findAll { it.type == 'dependsOn' }.targetRef", hasItem("resource:default/payments-db"))
                .body("relations[0].target.kind", notNullValue());
    }

    @Test
    void byNameIsCaseInsensitiveAndMissingIs404WithBackstageEnvelope() {
        as(alice()).get("/api/catalog/entities/by-name/Component/default/Payments-API").then().statusCode(200);
        as(alice()).get("/api/catalog/entities/by-name/component/default/nope").then()
                .statusCode(404)
                .body("error.name", equalTo("NotFoundError"))
                .body("error.message", equalTo("No entity named 'nope' found, with kind 'component' in namespace 'default'"))
                .body("response.statusCode", equalTo(404))
                .body("request.method", equalTo("GET"))
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void inverseRelationsAppearOnTargets() {
        JsonPath group = as(alice()).get("/api/catalog/entities/by-name/group/default/payments-team").then().statusCode(200).extract().jsonPath();
        List<String> owned = group.getList("relations.findAll { it.type == 'ownerOf' }.targetRef");
        assertTrue(owned.containsAll(List.of("component:default/payments-api", "api:default/payments-rest", "domain:default/payments")));
        List<String> members = group.getList("relations.findAll { it.type == 'hasMember' }.targetRef");
        assertEquals(List.of("user:default/alice"), members);
        as(alice()).get("/api/catalog/entities/by-name/aimodel/default/code-llm").then().statusCode(200)
                .body("relations.findAll { it.type == 'modelUsedBy' }.targetRef", hasItem("toolchain:default/code-assistant"));
        as(alice()).get("/api/catalog/entities/by-name/toolchain/default/code-assistant").then().statusCode(200)
                .body("relations.findAll { it.type == 'usesModel' }.targetRef", hasItem("aimodel:default/code-llm"));
        as(alice()).get("/api/catalog/entities/by-name/api/default/payments-rest").then().statusCode(200)
                .body("relations.findAll { it.type == 'apiConsumedBy' }.targetRef", hasItem("component:default/checkout-web"))
                .body("relations.findAll { it.type == 'apiProvidedBy' }.targetRef", hasItem("component:default/payments-api"));
    }

    @Test
    void byUidRoundTripsAndUnknownUidIs404() {
        String uid = as(alice()).get("/api/catalog/entities/by-name/component/default/ledger-lib").then().extract().path("metadata.uid");
        as(alice()).get("/api/catalog/entities/by-uid/" + uid).then().statusCode(200).body("metadata.name", equalTo("ledger-lib"));
        as(alice()).get("/api/catalog/entities/by-uid/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));
        as(alice()).get("/api/catalog/entities/by-uid/not-a-uuid").then().statusCode(404);
    }

    @Test
    void listFiltersWithAndOrExistenceAndArrayKeys() {
        as(alice()).queryParam("filter", "kind=component,spec.type=service").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", hasItem("payments-api")).body("spec.type", everyItem(equalTo("service")));
        as(alice()).queryParam("filter", "kind=api").queryParam("filter", "kind=resource").get("/api/catalog/entities").then()
                .statusCode(200).body("kind", hasItems("API", "Resource")).body("kind", everyItem(org.hamcrest.Matchers.oneOf("API", "Resource")));
        as(alice()).queryParam("filter", "kind=api,kind=resource").get("/api/catalog/entities").then()
                .statusCode(200).body("kind", hasItems("API", "Resource"));
        as(alice()).queryParam("filter", "kind=component,metadata.tags=java").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", containsInAnyOrder("payments-api", "ledger-lib"));
        as(alice()).queryParam("filter", "metadata.tags.quarkus=true").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", containsInAnyOrder("payments-api"));
        as(alice()).queryParam("filter", "kind=component,spec.system").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", containsInAnyOrder("payments-api", "checkout-web"));
        as(alice()).queryParam("filter", "relations.ownedby=group:default/checkout-team").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", containsInAnyOrder("checkout-web", "code-llm", "code-assistant"));
        as(alice()).queryParam("filter", "KIND=Component,Spec.Lifecycle=EXPERIMENTAL").get("/api/catalog/entities").then()
                .statusCode(200).body("metadata.name", containsInAnyOrder("checkout-web"));
    }

    @Test
    void listProjectsFieldsOrdersAndPagesWithLinkHeader() {
        Response first = as(alice()).queryParam("filter", "kind=component").queryParam("fields", "metadata.name,kind")
                .queryParam("order", "desc:metadata.name").queryParam("limit", "2").get("/api/catalog/entities");
        first.then().statusCode(200).body("$", hasSize(2)).body("[0].metadata.name", equalTo("payments-api"))
                .body("[1].metadata.name", equalTo("ledger-lib")).body("[0].spec", nullValue()).body("[0].kind", equalTo("Component"));
        String link = first.header("Link");
        assertNotNull(link);
        assertTrue(link.contains("rel=\"next\"") && link.contains("after="), link);
        String after = link.replaceAll(".*after=([^&>]+).*", "$1");
        as(alice()).queryParam("filter", "kind=component").queryParam("fields", "metadata.name")
                .queryParam("order", "desc:metadata.name").queryParam("after", java.net.URLDecoder.decode(after, java.nio.charset.StandardCharsets.UTF_8))
                .get("/api/catalog/entities").then().statusCode(200).body("metadata.name", equalTo(List.of("checkout-web")));
    }

    @Test
    void listRejectsBadParameters() {
        as(alice()).queryParam("filter", "=x").get("/api/catalog/entities").then().statusCode(400)
                .body("error.name", equalTo("InputError")).body("error.message", containsString("is not a valid statement"));
        as(alice()).queryParam("order", "sideways:metadata.name").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("limit", "0").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("limit", "abc").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("offset", "-1").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("after", "garbage!!").get("/api/catalog/entities").then().statusCode(400);
        as(alice()).queryParam("fields", "metadata.tags[0]").get("/api/catalog/entities").then().statusCode(400)
                .body("error.message", containsString("array type fields are not supported"));
    }

    @Test
    void byQueryPagesForwardAndBackWithCursorsAndCarriesTotal() {
        String base = "/api/catalog/entities/by-query";
        JsonPath p1 = as(alice()).queryParam("filter", "kind=component,kind=api,kind=resource,kind=system")
                .queryParam("orderField", "metadata.name,asc").queryParam("limit", "2").queryParam("fields", "metadata.name")
                .get(base).then().statusCode(200).extract().jsonPath();
        int total = p1.getInt("totalItems");
        assertEquals(6, total);
        assertNull(p1.get("pageInfo.prevCursor"));
        List<String> names = new ArrayList<>(p1.getList("items.metadata.name"));
        String next = p1.getString("pageInfo.nextCursor");
        String lastPrev = null;
        while (next != null) {
            JsonPath p = as(alice()).queryParam("cursor", next).queryParam("limit", "2").queryParam("fields", "metadata.name")
                    .get(base).then().statusCode(200).extract().jsonPath();
            assertEquals(total, p.getInt("totalItems"));
            names.addAll(p.getList("items.metadata.name"));
            lastPrev = p.getString("pageInfo.prevCursor");
            next = p.getString("pageInfo.nextCursor");
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String::compareTo);
        assertEquals(sorted, names);
        assertEquals(6, names.size());
        assertNotNull(lastPrev);
        JsonPath back = as(alice()).queryParam("cursor", lastPrev).queryParam("limit", "2").queryParam("fields", "metadata.name")
                .get(base).then().statusCode(200).extract().jsonPath();
        assertEquals(names.subList(2, 4), back.getList("items.metadata.name"));
        assertNotNull(back.getString("pageInfo.nextCursor"));
    }

    @Test
    void byQueryOrdersDescendingWithMissingFieldsLastAndSearchesFullText() {
        List<String> names = as(alice()).queryParam("filter", "kind=component").queryParam("orderField", "spec.system,desc")
                .queryParam("limit", "10").get("/api/catalog/entities/by-query").then().statusCode(200)
                .extract().jsonPath().getList("items.metadata.name");
        assertEquals("ledger-lib", names.get(names.size() - 1));
        as(alice()).queryParam("fullTextFilterTerm", "SETTLE").queryParam("fullTextFilterFields", "metadata.description")
                .get("/api/catalog/entities/by-query").then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].metadata.name", equalTo("payments-api"));
        as(alice()).queryParam("fullTextFilterTerm", "checkout").get("/api/catalog/entities/by-query").then().statusCode(200)
                .body("items.metadata.name", hasItems("checkout-web", "checkout-team"));
        as(alice()).queryParam("filter", "kind=component").queryParam("limit", "0").get("/api/catalog/entities/by-query").then()
                .statusCode(200).body("items", hasSize(0)).body("totalItems", equalTo(3));
    }

    @Test
    void byQueryRejectsBadParameters() {
        as(alice()).queryParam("orderField", "metadata.name,up").get("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).queryParam("cursor", "eyJub3BlIjp0cnVlfQ").get("/api/catalog/entities/by-query").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        as(alice()).queryParam("limit", "-5").get("/api/catalog/entities/by-query").then().statusCode(400);
    }

    @Test
    void byRefsKeepsOrderWithNullsAndAppliesFieldsAndFilter() {
        as(alice()).body(Map.of("entityRefs", List.of("component:default/payments-api", "component:default/missing", "api:default/payments-rest"),
                "fields", List.of("metadata.name"))).post("/api/catalog/entities/by-refs").then().statusCode(200)
                .body("items", hasSize(3)).body("items[0].metadata.name", equalTo("payments-api")).body("items[1]", nullValue())
                .body("items[2].metadata.name", equalTo("payments-rest")).body("items[0].kind", nullValue());
        as(alice()).queryParam("filter", "kind=api").body(Map.of("entityRefs", List.of("component:default/payments-api", "api:default/payments-rest")))
                .post("/api/catalog/entities/by-refs").then().statusCode(200)
                .body("items[0]", nullValue()).body("items[1].kind", equalTo("API"));
        as(alice()).body(Map.of("entityRefs", List.of("no-kind"))).post("/api/catalog/entities/by-refs").then().statusCode(400);
        as(alice()).body("{\"entityRefs\": 5}").post("/api/catalog/entities/by-refs").then().statusCode(400);
        as(alice()).body("{not json").post("/api/catalog/entities/by-refs").then().statusCode(400)
                .body("error.name", equalTo("InputError"));
    }

    @Test
    void facetsCountValuesWithFilterAndArrays() {
        as(alice()).queryParam("facet", "kind").queryParam("facet", "metadata.tags").queryParam("filter", "kind=component")
                .get("/api/catalog/entity-facets").then().statusCode(200)
                .body("facets.kind", equalTo(List.of(Map.of("value", "Component", "count", 3))))
                .body("facets.'metadata.tags'.find { it.value == 'java' }.count", equalTo(2));
        as(alice()).queryParam("facet", "relations.ownedBy").get("/api/catalog/entity-facets").then().statusCode(200)
                .body("facets.'relations.ownedBy'.find { it.value == 'group:default/payments-team' }.count", greaterThanOrEqualTo(6));
        as(alice()).get("/api/catalog/entity-facets").then().statusCode(400);
    }

    @Test
    void ancestryWalksUpToTheRegisteredLocation() {
        JsonPath a = as(alice()).get("/api/catalog/entities/by-name/component/default/payments-api/ancestry").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("component:default/payments-api", a.getString("rootEntityRef"));
        assertEquals(List.of("location:default/test-catalog"), a.getList("items[0].parentEntityRefs"));
        List<String> kinds = a.getList("items.entity.kind");
        assertEquals(List.of("Component", "Location", "Location"), kinds);
        as(alice()).get("/api/catalog/entities/by-name/component/default/nope/ancestry").then().statusCode(404);
    }

    @Test
    void refreshSchedulesKnownEntityAndRejectsUnknown() {
        as(alice()).body(Map.of("entityRef", "component:default/payments-api")).post("/api/catalog/refresh").then().statusCode(200);
        as(alice()).body(Map.of("entityRef", "component:default/nope")).post("/api/catalog/refresh").then().statusCode(404);
        as(alice()).body(Map.of("entityRef", "")).post("/api/catalog/refresh").then().statusCode(400);
        as(alice()).body(Map.of()).post("/api/catalog/refresh").then().statusCode(400);
    }

    @Test
    void ownershipShowsDirectAndDomainTiers() {
        as(alice()).get("/api/catalog/ownership/group:default/payments-team").then().statusCode(200)
                .body("groupRef", equalTo("group:default/payments-team"))
                .body("direct", hasItems("component:default/payments-api", "domain:default/payments"))
                .body("domains[0].domainRef", equalTo("domain:default/payments"))
                .body("domains[0].systems", hasItem("system:default/payments-platform"))
                .body("domains[0].entities", hasItem("component:default/checkout-web"));
        as(alice()).get("/api/catalog/ownership/engineering").then().statusCode(200)
                .body("childTeams.groupRef", hasItems("group:default/payments-team", "group:default/checkout-team"));
        as(alice()).get("/api/catalog/ownership/group:default/nobody").then().statusCode(404);
        as(alice()).get("/api/catalog/ownership/component:default/payments-api").then().statusCode(400);
    }
}
