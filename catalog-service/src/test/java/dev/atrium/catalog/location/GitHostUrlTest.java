package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.catalog.support.CatalogTestSupport;
import dev.atrium.catalog.support.GitHostStub;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GitHub and GitLab web URLs ({@code blob}, {@code tree}, repository) are read through the host's
 * API with the configured token, against a stub that answers like those APIs.
 */
@QuarkusTest
class GitHostUrlTest extends CatalogTestSupport {

    private static final String OPENAPI = "openapi: 3.0.0\ninfo: {title: Payments, version: '1'}\npaths: {}\n";

    private static String api(String name) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: %s
                spec:
                  type: openapi
                  lifecycle: production
                  owner: payments-team
                  definition:
                    $text: ./openapi.yaml
                """.formatted(name);
    }

    private static String location(String... targets) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: " + unique("loc") + "}\nspec:\n  targets: ["
                + String.join(", ", targets) + "]\n";
    }

    @Test
    void readsGithubBlobUrlsThroughTheApiWithTheConfiguredToken() {
        String repo = unique("payments");
        String svc = unique("svc");
        String apiName = unique("api");
        GitHostStub.write("github/acme/" + repo + "/main/catalog-info.yaml", component(svc, "payments-team") + "---\n" + location("./docs/apis.yaml"));
        GitHostStub.write("github/acme/" + repo + "/main/docs/apis.yaml", api(apiName));
        GitHostStub.write("github/acme/" + repo + "/main/docs/openapi.yaml", OPENAPI);
        String web = "https://github.com/acme/" + repo + "/blob/main/catalog-info.yaml";
        String id = as(alice()).body(Map.of("type", "url", "target", web)).post("/api/catalog/locations").then().statusCode(201)
                .body("errors", equalTo(List.of())).extract().path("location.id");
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + svc).then().statusCode(200)
                .body("metadata.annotations.'backstage.io/managed-by-location'", equalTo("url:" + web))
                .body("metadata.annotations.'backstage.io/managed-by-origin-location'", equalTo("url:" + web));
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + apiName).then().statusCode(200)
                .body("spec.definition", equalTo(OPENAPI))
                .body("metadata.annotations.'backstage.io/managed-by-location'",
                        equalTo("url:https://github.com/acme/" + repo + "/blob/main/docs/apis.yaml"));
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200).body("state", equalTo("ok"));
    }

    @Test
    void readsTreeUrlsAsTheCatalogFileOfTheirDirectory() {
        String repo = unique("mono");
        String svc = unique("orders");
        GitHostStub.write("github/acme/" + repo + "/release/services/orders/catalog-info.yaml", component(svc, "payments-team"));
        as(alice()).queryParam("dryRun", "true")
                .body(Map.of("type", "url", "target", "https://github.com/acme/" + repo + "/tree/release/services/orders"))
                .post("/api/catalog/locations").then().statusCode(201)
                .body("entities[1].metadata.name", equalTo(svc))
                .body("entities[1].metadata.annotations.'backstage.io/managed-by-location'",
                        equalTo("url:https://github.com/acme/" + repo + "/blob/release/services/orders/catalog-info.yaml"));
    }

    @Test
    void readsGitlabUrlsWithSubgroupsThroughTheFilesApi() {
        String project = unique("infra");
        String svc = unique("gl-svc");
        String apiName = unique("gl-api");
        GitHostStub.write("gitlab/acme/platform/" + project + "/main/catalog-info.yaml", component(svc, "payments-team") + "---\n" + api(apiName));
        GitHostStub.write("gitlab/acme/platform/" + project + "/main/openapi.yaml", OPENAPI);
        String web = "https://gitlab.com/acme/platform/" + project + "/-/blob/main/catalog-info.yaml";
        register(alice(), web);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + svc).then().statusCode(200)
                .body("metadata.annotations.'backstage.io/managed-by-location'", equalTo("url:" + web));
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + apiName).then().statusCode(200).body("spec.definition", equalTo(OPENAPI));
    }

    private static void register(String token, String url) {
        as(token).body(Map.of("type", "url", "target", url)).post("/api/catalog/locations").then().statusCode(201);
    }

    @Test
    void aMissingRepositoryIsA404AndNamesNoCredential() {
        int before = locationCount();
        as(alice()).body(Map.of("type", "url", "target", "https://github.com/acme/" + unique("nope") + "/blob/main/catalog-info.yaml"))
                .post("/api/catalog/locations").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"))
                .body("error.message", not(containsString(GitHostStub.GITHUB_TOKEN)))
                .body("error.message", not(containsString("127.0.0.1")));
        assertEquals(before, locationCount());
    }

    @Test
    void followsRedirectsOnlyToAllowedHosts() {
        String repo = unique("redirected");
        String svc = unique("svc");
        GitHostStub.write("github/acme/" + repo + "/main/catalog-info.yaml", component(svc, "payments-team"));
        // the API host answers 302 to itself: followed
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "url", "target", "https://github.com/moved/" + repo + "/blob/main/catalog-info.yaml"))
                .post("/api/catalog/locations").then().statusCode(201).body("entities.metadata.name", hasItem(svc));
        // 302 to another host that is not allowed: refused, nothing stored
        int before = locationCount();
        as(alice()).body(Map.of("type", "url", "target", "https://github.com/away/" + repo + "/blob/main/catalog-info.yaml"))
                .post("/api/catalog/locations").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"))
                .body("error.message", containsString("redirects to localhost"));
        assertEquals(before, locationCount());
    }

    @Test
    void analyzeLocationReadsARepositoryUrl() {
        String existing = unique("has-catalog");
        String svc = unique("svc");
        GitHostStub.write("github/acme/" + existing + "/main/catalog-info.yaml", component(svc, "payments-team"));
        as(alice()).body(Map.of("location", Map.of("type", "url", "target", "https://github.com/acme/" + existing)))
                .post("/api/catalog/analyze-location").then().statusCode(200)
                .body("existingEntityFiles[0].entity.metadata.name", equalTo(svc))
                .body("existingEntityFiles[0].isRegistered", equalTo(false))
                .body("existingEntityFiles[0].location.target", equalTo("https://github.com/acme/" + existing + "/blob/HEAD/catalog-info.yaml"));

        String bare = unique("orders-service");
        GitHostStub.write("github/acme/" + bare + "/main/.github/CODEOWNERS", "* @acme/checkout-team\n");
        GitHostStub.write("github/acme/" + bare + "/main/pom.xml", "<project/>\n");
        GitHostStub.write("github/acme/" + bare + "/main/api/orders.openapi.yaml", OPENAPI);
        as(alice()).body(Map.of("location", Map.of("type", "url", "target", "https://github.com/acme/" + bare)))
                .post("/api/catalog/analyze-location").then().statusCode(200)
                .body("existingEntityFiles", equalTo(List.of()))
                .body("generateEntities[0].entity.metadata.name", equalTo(bare))
                .body("generateEntities[0].entity.spec.owner", equalTo("checkout-team"))
                .body("generateEntities[0].entity.spec.type", equalTo("service"))
                .body("generateEntities[0].entity.spec.providesApis", equalTo(List.of("orders")));

        String gl = unique("gl-bare");
        GitHostStub.write("gitlab/acme/" + gl + "/main/package.json", "{}\n");
        as(alice()).body(Map.of("location", Map.of("type", "url", "target", "https://gitlab.com/acme/" + gl)))
                .post("/api/catalog/analyze-location").then().statusCode(200)
                .body("generateEntities[0].entity.spec.type", equalTo("website"));
    }
}
