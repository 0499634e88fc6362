package dev.atrium.catalog.model;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelApiTest extends CatalogTestSupport {

    @Test
    void modelListsEveryBuiltInKindWithSchemaAndRelations() {
        as(alice()).get("/api/catalog/model").then().statusCode(200)
                .body("kinds.kind", hasItems("Component", "API", "Resource", "System", "Domain", "Group", "User", "Location",
                        "Template", "AIModel", "Toolchain"))
                .body("kinds.find { it.kind == 'AIModel' }.schema.properties.accessTier.enum", equalTo(List.of("open", "standard", "restricted")))
                .body("kinds.find { it.kind == 'Toolchain' }.relations.type", hasItem("usesModel"))
                .body("kinds.find { it.kind == 'Template' }.apiVersions", hasItems("scaffolder.backstage.io/v1beta3", "scaffolder.backstage.io/v3"));
    }

    @Test
    void adminAddsAKindThatIsThenIngestedWithItsRelations() {
        String kind = "Pipeline" + unique("x").substring(2).replace("-", "");
        as(admin()).body(Map.of(
                "description", "A CI pipeline",
                "apiVersions", List.of("acme.com/v1"),
                "properties", Map.of("owner", Map.of("type", "string", "minLength", 1), "runs", Map.of("type", "integer")),
                "required", List.of("owner"),
                "relations", List.of(Map.of("field", "spec.owner", "type", "ownedBy", "inverse", "ownerOf", "defaultKind", "Group"))))
                .put("/api/catalog/model/kinds/" + kind).then().statusCode(201)
                .body("created", equalTo(true)).body("definition.version", equalTo(1));
        String name = unique("build");
        String yaml = "apiVersion: acme.com/v1\nkind: " + kind + "\nmetadata: {name: " + name + "}\nspec: {owner: payments-team, runs: 3}\n";
        register(admin(), writeCatalog(yaml));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/" + kind + "/default/" + name).then().statusCode(200)
                .body("relations.targetRef", hasItem("group:default/payments-team"));
        String wrong = "apiVersion: acme.com/v1\nkind: " + kind + "\nmetadata: {name: " + unique("b") + "}\nspec: {owner: payments-team, runs: many}\n";
        // registered, with the invalid entity reported instead of stored
        as(admin()).body(Map.of("type", "file", "target", writeCatalog(wrong).toString())).post("/api/catalog/locations").then()
                .statusCode(201).body("errors.field", hasItem("spec.runs"));
    }

    @Test
    void extendingAKindRevalidatesAndReportsExistingEntities() {
        String kind = "Gadget" + unique("x").substring(2).replace("-", "");
        as(admin()).body(Map.of("properties", Map.of("owner", Map.of("type", "string"))))
                .put("/api/catalog/model/kinds/" + kind).then().statusCode(201);
        String name = unique("g");
        register(admin(), writeCatalog("apiVersion: atrium.dev/v1alpha1\nkind: " + kind + "\nmetadata: {name: " + name + "}\nspec: {owner: x}\n"));
        settle();
        as(admin()).body(Map.of("properties", Map.of("tier", Map.of("type", "string", "enum", List.of("gold", "silver"))),
                "required", List.of("tier"))).put("/api/catalog/model/kinds/" + kind).then().statusCode(200)
                .body("created", equalTo(false)).body("definition.version", equalTo(2))
                .body("revalidated", equalTo(1))
                .body("invalid", hasSize(1))
                .body("invalid[0].entityRef", equalTo(("" + kind + ":default/" + name).toLowerCase()))
                .body("invalid[0].errors.field", hasItem("spec.tier"));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/" + kind + "/default/" + name).then().statusCode(200)
                .body("status.items[0].level", equalTo("error"));
    }

    @Test
    void rejectsRedefinitionsAndInvalidChanges() {
        as(admin()).body(Map.of("properties", Map.of("owner", Map.of("type", "integer")))).put("/api/catalog/model/kinds/Component")
                .then().statusCode(409).body("error.name", equalTo("ConflictError"));
        as(admin()).body(Map.of("properties", Map.of("bad name", Map.of("type", "string")))).put("/api/catalog/model/kinds/Component")
                .then().statusCode(400).body("errors.field", hasItem("properties.bad name"));
        as(admin()).body(Map.of("properties", Map.of("x", Map.of("type", 12)))).put("/api/catalog/model/kinds/Component")
                .then().statusCode(400);
        as(admin()).body(Map.of("properties", Map.of())).put("/api/catalog/model/kinds/Brandnew").then().statusCode(400);
        as(admin()).body(Map.of("properties", Map.of("a", Map.of("type", "string")))).put("/api/catalog/model/kinds/9lives").then().statusCode(400);
        as(admin()).body("{broken").put("/api/catalog/model/kinds/Component").then().statusCode(400);
        as(alice()).get("/api/catalog/model/kinds/component").then().statusCode(200).body("version", equalTo(0));
    }
}
