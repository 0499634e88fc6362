package dev.atrium.catalog.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.catalog.support.CatalogTestSupport;
import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ownership and rules hold on every processing pass, against the identity that registered the
 * location, and the ways around them are closed.
 */
@QuarkusTest
class PassAuthorizationTest extends CatalogTestSupport {

    @BeforeEach
    void catalog() {
        ensureFixtureCatalog();
    }

    private static String group(String name, String extra) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: " + name + "}\nspec:\n  type: team\n  children: []\n" + extra;
    }

    private static void refresh(String token, String ref, int status) {
        as(token).body(Map.of("entityRef", ref)).post("/api/catalog/refresh").then().statusCode(status);
    }

    @Test
    void editsAfterRegistrationAreCheckedAgainstTheRegistrant() {
        String name = unique("mine");
        String stowaway = unique("stowaway");
        Path file = writeCatalog(component(name, "payments-team"));
        String id = register(alice(), file);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                .body("spec.owner", equalTo("payments-team"));

        // the file now gives the component to another team and adds a Group
        rewrite(file, component(name, "checkout-team") + "---\n" + group(stowaway, ""));
        refresh(alice(), "component:default/" + name, 200);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                .body("spec.owner", equalTo("payments-team"));
        as(alice()).get("/api/catalog/entities/by-name/group/default/" + stowaway).then().statusCode(404);
        as(alice()).get("/api/catalog/locations/" + id + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].errors.name", hasItem("NotAllowedError"))
                .body("errors[0].errors.entityRef", hasItems("component:default/" + name, "group:default/" + stowaway))
                .body("errors[0].errors.document", hasItems(1, 2));
    }

    @Test
    void groupsAndUsersStayWithPlatformAdminsWhateverOwnerTheyDeclare() {
        String g = unique("owned-group");
        String keep = unique("keep");
        Path file = writeCatalog(component(keep, "payments-team") + "---\n" + group(g, "  owner: payments-team\n")
                + "---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: " + unique("u")
                + "}\nspec: {memberOf: [payments-team], owner: payments-team}\n");
        as(alice()).body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations").then().statusCode(201)
                .body("errors.name", hasItem("NotAllowedError"))
                .body("errors.message", hasItem(containsString("Group entities have no owner")))
                .body("errors.message", hasItem(containsString("User entities have no owner")));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/group/default/" + g).then().statusCode(404);
        as(alice()).get("/api/catalog/entities/by-name/component/default/" + keep).then().statusCode(200);
        // alone in a file, nothing is the registrant's: refused, nothing stored
        int before = locationCount();
        as(alice()).body(Map.of("type", "file", "target", writeCatalog(group(unique("g"), "  owner: payments-team\n")).toString()))
                .post("/api/catalog/locations").then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        assertEquals(before, locationCount());
    }

    @Test
    void aSystemThatDoesNotExistYetDoesNotMakeItsRegistrantADomainOwner() {
        // bob's component names a system nobody has registered yet
        String system = unique("future-sys");
        String bobs = unique("bobs");
        register(bob(), writeCatalog(component(bobs, "checkout-team") + "  system: " + system + "\n"));
        settle();
        String uid = as(bob()).get("/api/catalog/entities/by-name/component/default/" + bobs).then().statusCode(200).extract().path("metadata.uid");

        // alice owns the payments domain; declaring that system in her domain would make her bob's domain owner
        String sys = "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: " + system + "}\nspec: {owner: payments-team, domain: payments}\n";
        String mine = unique("alices");
        as(alice()).body(Map.of("type", "file", "target", writeCatalog(component(mine, "payments-team") + "---\n" + sys).toString()))
                .post("/api/catalog/locations").then().statusCode(201)
                .body("errors.entityRef", hasItem("system:default/" + system))
                .body("errors.message", hasItem(containsString("group:default/checkout-team")));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/system/default/" + system).then().statusCode(404);
        as(alice()).delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(403);

        // nor does a domain owner register a System of another team into her domain
        String theirs = "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: " + unique("sys") + "}\nspec: {owner: checkout-team, domain: payments}\n";
        as(alice()).body(Map.of("type", "file", "target", writeCatalog(theirs).toString())).post("/api/catalog/locations").then()
                .statusCode(403);
    }

    @Test
    void someoneElsesLocationCannotBeDeletedBeforeItHasEntities() {
        String id = register(alice(), writeCatalog(component(unique("soon"), "payments-team")));
        // not processed yet: no entities, so no owners that bob could be checked against
        as(bob()).delete("/api/catalog/locations/" + id).then().statusCode(403);
        String empty = register(alice(), writeCatalog("# nothing here yet\n"));
        settle();
        as(bob()).delete("/api/catalog/locations/" + empty).then().statusCode(403);
        as(alice()).get("/api/catalog/locations/" + empty).then().statusCode(200);
        as(alice()).delete("/api/catalog/locations/" + empty).then().statusCode(204);
        as(admin()).delete("/api/catalog/locations/" + id).then().statusCode(204);
    }

    @Test
    void refreshNeedsTheRegistrantOrAnOwnerOfSomethingInTheLocation() {
        String name = unique("refreshed");
        Path file = writeCatalog(component(name, "payments-team"));
        String id = register(alice(), file);
        settle();
        String locationRef = as(alice()).get("/api/catalog/locations/" + id).then().extract().path("entityRef");
        refresh(bob(), "component:default/" + name, 403);
        refresh(bob(), locationRef, 403);
        as(bob()).queryParam("onConflict", "refresh").body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
        refresh(alice(), "component:default/" + name, 200);
        refresh(TestTokens.user("zoe", "payments-team"), locationRef, 200);
        refresh(admin(), locationRef, 200);
        as(alice()).queryParam("onConflict", "refresh").body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(201).body("location.id", equalTo(id));
    }
}
