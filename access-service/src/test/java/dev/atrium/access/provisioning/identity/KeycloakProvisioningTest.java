package dev.atrium.access.provisioning.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.access.support.AccessTestSupport;
import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity-provider step against the real Keycloak that dev/test runs (realm atrium): access groups are
 * created, the team's members added, the teams recorded; revocation removes exactly the members no other
 * granted team brings in; a failing step keeps the request PROVISIONING with its error, retries, and succeeds
 * once the cause is fixed. Access groups carry this run's unique prefix.
 */
@QuarkusTest
class KeycloakProvisioningTest extends AccessTestSupport {

    @ConfigProperty(name = "atrium.access.provisioning.identity.keycloak.url")
    String keycloakUrl;

    @ConfigProperty(name = "atrium.access.provisioning.identity.keycloak.group-prefix")
    String prefix;

    private KeycloakAdmin admin;

    @BeforeEach
    void connect() {
        admin = new KeycloakAdmin(keycloakUrl, "atrium", "access-service", "access-secret", Duration.ofSeconds(10));
    }

    private String userId(String username) throws Exception {
        return admin.userId(username).orElseThrow(() -> new AssertionError(username + " is not in the atrium realm"));
    }

    @Test
    void aGrantMakesTheTeamsMembersMembersOfTheModelsAccessGroup() throws Exception {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 100);
        JsonPath r = awaitActive(alice(), id);
        String group = "/" + prefix + model.name();
        assertEquals("keycloak", r.getString("provisioning[0].steps.find { it.step == 'identity-group' }.adapter"));
        JsonNode g = admin.groupByPath(group).orElseThrow();
        assertEquals(List.of("group:default/payments-team"), List.of(g.path("attributes").path("atrium.teams").get(0).asText()));
        assertTrue(admin.groupPathsOf(userId("alice")).contains(group), "alice is in " + group);
        assertFalse(admin.groupPathsOf(userId("bob")).contains(group));
    }

    @Test
    void revokingOneTeamKeepsMembersAnotherGrantedTeamStillBringsIn() throws Exception {
        var model = stubModel("open");
        String group = "/" + prefix + model.name();
        String payments = create(alice(), model.ref(), "payments-team", 100);
        String platform = create(TestTokens.user("erin", "platform-team"), model.ref(), "platform-team", 100);
        awaitActive(alice(), payments);
        awaitActive(TestTokens.user("erin", "platform-team"), platform);
        assertTrue(admin.groupPathsOf(userId("alice")).contains(group));
        assertTrue(admin.groupPathsOf(userId("erin")).contains(group));
        assertEquals(2, admin.groupByPath(group).orElseThrow().path("attributes").path("atrium.teams").size());

        as(alice()).body(Map.of("reason", "moved to another model")).post(BASE + "/requests/" + payments + "/revoke").then().statusCode(200);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && admin.groupPathsOf(userId("alice")).contains(group)) {
            sleep(200);
        }
        assertFalse(admin.groupPathsOf(userId("alice")).contains(group), "alice's only granted team was revoked");
        assertTrue(admin.groupPathsOf(userId("erin")).contains(group), "platform-team's grant stands");
        JsonNode teams = admin.groupByPath(group).orElseThrow().path("attributes").path("atrium.teams");
        assertEquals(1, teams.size());
        assertEquals("group:default/platform-team", teams.get(0).asText());
    }

    @Test
    void aFailingStepKeepsTheRequestProvisioningWithItsErrorAndRetriesUntilItSucceeds() throws Exception {
        String team = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.token("alice", List.of(team), Set.of());
        var model = stubModel("open");
        String id = create(token, model.ref(), team, 100);

        JsonPath failing = awaitState(token, id, "PROVISIONING", Duration.ofSeconds(60));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && count("SELECT coalesce(max(attempts), 0) FROM provisioning_job WHERE request_id = ?::uuid", id) < 3) {
            sleep(100);
        }
        failing = get(token, id);
        assertEquals("PROVISIONING", failing.getString("state"), "never ACTIVE while a step fails");
        assertEquals("failed", failing.getString("provisioning[0].steps[0].state"));
        assertEquals("team group '" + team + "' not found in the identity provider", failing.getString("provisioning[0].steps[0].lastError"));
        assertTrue(failing.getInt("provisioning[0].attempts") >= 3, failing.prettify());
        assertEquals(0, count("SELECT count(*) FROM api_key WHERE request_id = ?::uuid", id), "later steps wait for the failed one");
        assertTrue(count("SELECT count(*) FROM audit_record WHERE subject = ? AND action = 'provision.step.failed'", "request:" + id) >= 3);

        // The team appears with its member in one step (a rename), so the next retry sees both.
        String groupId = admin.createGroup(team + "-staging");
        try {
            admin.addMember(userId("alice"), groupId);
            admin.renameGroup(groupId, team);
            JsonPath active = awaitActive(token, id);
            assertEquals("done", active.getString("provisioning[0].steps[0].state"));
            assertTrue(admin.groupPathsOf(userId("alice")).contains("/" + prefix + model.name()));
            as(token).get(BASE + "/requests/" + id).then().body("provisioning[0].state", equalTo("done"));
        } finally {
            admin.deleteGroup(groupId);
        }
    }

    @Test
    void provisioningAgainChangesNothing() throws Exception {
        var model = stubModel("open");
        String id = create(alice(), model.ref(), "payments-team", 100);
        awaitActive(alice(), id);
        KeycloakGroupProvisioner adapter = new KeycloakGroupProvisioner(admin, prefix);
        var context = new dev.atrium.access.provisioning.ProvisioningContext(UUID.fromString(id), "provision", "group:default/payments-team",
                model.ref(), "AIModel", "m", Map.of(model.ref(), new dev.atrium.access.request.AccessRequest.CoveredModel("cc", "o", "open")),
                "alice", "u", 1, "open", "ACTIVE");
        String groupId = admin.groupByPath("/" + prefix + model.name()).orElseThrow().path("id").asText();
        List<String> before = admin.memberIds(groupId);
        adapter.provision(context);
        adapter.provision(context);
        assertEquals(before.size(), admin.memberIds(groupId).size());
        assertEquals(1, admin.groupByPath("/" + prefix + model.name()).orElseThrow().path("attributes").path("atrium.teams").size());
        assertNotEquals(0, before.size());
    }
}
