package dev.atrium.catalog.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import dev.atrium.commons.testing.NpmProject;
import dev.atrium.commons.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the official {@code @backstage/catalog-client} npm package, unchanged, against this service:
 * {@code src/test/catalog-client/compat.mjs} calls every client method and asserts on the results
 * (see that directory's {@code package.json} for the pinned version), once as a platform admin and
 * once as a member of one team, who may change only what that team owns.
 * Needs {@code node} and {@code npm} on the PATH ({@code dev/test} installs them).
 */
@QuarkusTest
class CatalogClientCompatTest extends CatalogTestSupport {
    static final NpmProject CLIENT = new NpmProject(Path.of("src/test/catalog-client"), Path.of("target/catalog-client-compat"));
    static final Duration NPM_TIMEOUT = Duration.ofMinutes(3);
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TestHTTPResource("/api/catalog")
    URL catalog;

    /**
     * A member of team-a and nothing else: the compat-extra entities are theirs
     * ({@code group:compat/team-a}), the compat fixtures are shared with team-b.
     */
    static String teamAMember() {
        return TestTokens.user("robin", "team-a", "group:compat/team-a");
    }

    @Test
    void officialCatalogClientWorksUnchangedForAPlatformAdmin() throws Exception {
        runCompat("compat-admin", admin(), "admin");
    }

    @Test
    void officialCatalogClientWorksUnchangedForATeamMember() throws Exception {
        runCompat("compat-member", teamAMember(), "member");
    }

    private void runCompat(String name, String token, String role) throws Exception {
        CLIENT.install("@backstage/catalog-client", NPM_TIMEOUT);
        String location = registerCompatFixtures();
        try {
            NpmProject.Run run = CLIENT.run(name, List.of("node", "compat.mjs"), Map.of(
                    "BASE_URL", catalog.toString(),
                    "TOKEN", token,
                    "ROLE", role,
                    "FIXTURES", FIXTURES.toString()), RUN_TIMEOUT);
            assertEquals(0, run.exitCode(), "node compat.mjs (" + role + ") against " + catalog + " failed:\n" + run.output());
            assertTrue(run.stdout().contains("checks passed"), run.output());
            assertFalse(run.stdout().contains("FAIL") || run.stderr().contains("FAIL"), run.output());
        } finally {
            // the application is shared: leave the catalog as the other test classes expect it
            as(admin()).delete("/api/catalog/locations/" + location).then().statusCode(204);
            settle();
        }
    }

    /** Registers fixtures/compat, processes it until the catalog is quiet and returns the location id. */
    private String registerCompatFixtures() {
        String target = FIXTURES.resolve("compat/catalog-info.yaml").toString();
        String id = as(admin()).body(Map.of("type", "file", "target", target)).queryParam("onConflict", "refresh")
                .post("/api/catalog/locations").then().statusCode(201).extract().path("location.id");
        settle();
        as(admin()).get("/api/catalog/entities/by-name/component/compat/cart-service").then().statusCode(200);
        as(admin()).get("/api/catalog/entities/by-name/resource/compat/cart-db").then().statusCode(200);
        return id;
    }
}
