package dev.atrium.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.support.DemoStubs;
import dev.atrium.hub.support.HubSession;
import dev.atrium.hub.support.Stubs;
import dev.atrium.hub.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every form the hub accepts refuses a request without this session's CSRF token, with another user's
 * token, or from another origin, and without a session at all; none of them reaches a service.
 */
@QuarkusTest
class CsrfTest {

    static Stream<Object[]> forms() {
        return Stream.of(
                new Object[] {"/logout", Map.of()},
                new Object[] {"/catalog/register", Map.of("type", "url", "target", "https://git.example.com/c.yaml", "action", "register")},
                new Object[] {"/access/requests", Map.of("model", "aimodel:default/code-llm", "team", "payments-team",
                        "useCase", "Summaries of disputes", "tokens", "100000")},
                new Object[] {"/access/requests/" + DemoStubs.REQUEST_ID + "/key", Map.of()},
                new Object[] {"/access/approvals/" + DemoStubs.PENDING_ID, Map.of("decision", "approve")},
                new Object[] {"/create/default/quarkus-service", Map.of("p.name", "refunds-api", "p.description", "Refunds",
                        "p.owner", "group:default/payments-team", "p.repoUrl.host", "git.atrium.example", "p.repoUrl.owner", "payments",
                        "p.repoUrl.repo", "refunds-api")},
                new Object[] {"/create/tasks/" + DemoStubs.TASK_ID + "/survey", Map.of("expected", "yes")});
    }

    @BeforeEach
    void reset() {
        Stubs.reset();
        DemoStubs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void refusedWithoutToken(String path, Map<String, String> form) {
        HubSession alice = HubSession.login(TestUser.ALICE);
        Stubs.server().resetRequests();

        var page = alice.postRaw(path, form, HubSession.origin());

        assertEquals(403, page.status(), page::html);
        assertTrue(page.has("#error-heading"));
        assertNothingSent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void refusedWithAnotherUsersToken(String path, Map<String, String> form) {
        HubSession bob = HubSession.login(TestUser.BOB);
        HubSession alice = HubSession.login(TestUser.ALICE);
        Stubs.server().resetRequests();
        Map<String, Object> body = new LinkedHashMap<>(form);
        body.put("_csrf", bob.csrf());

        var page = alice.postRaw(path, body, HubSession.origin());

        assertEquals(403, page.status());
        assertNothingSent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void refusedWithAForgedToken(String path, Map<String, String> form) {
        HubSession alice = HubSession.login(TestUser.ALICE);
        Stubs.server().resetRequests();
        Map<String, Object> body = new LinkedHashMap<>(form);
        body.put("_csrf", alice.csrf().substring(1) + "A");

        assertEquals(403, alice.postRaw(path, body, HubSession.origin()).status());
        assertNothingSent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void refusedFromAnotherOrigin(String path, Map<String, String> form) {
        HubSession alice = HubSession.login(TestUser.ALICE);
        Stubs.server().resetRequests();
        Map<String, Object> body = new LinkedHashMap<>(form);
        body.put("_csrf", alice.csrf());

        assertEquals(403, alice.postRaw(path, body, "https://evil.example").status());
        assertNothingSent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void refusedWithoutSession(String path, Map<String, String> form) {
        Stubs.server().resetRequests();

        assertEquals(401, HubSession.anonymous().postRaw(path, form, HubSession.origin()).status());
        assertNothingSent();
    }

    private static void assertNothingSent() {
        var writes = Stubs.all().stream().filter(r -> !r.getMethod().getName().equals("GET"))
                .filter(r -> !r.getUrl().startsWith(Stubs.METRICS + "/events")).toList();
        assertTrue(writes.isEmpty(), () -> "a refused form reached a service: " + writes);
    }
}
