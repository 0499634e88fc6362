package dev.atrium.catalog.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A registration or a refresh starts processing at once, not at the next poll: with the poll an hour away, a new
 * location's entity and an entity added to its file before a refresh are both served within seconds.
 */
@QuarkusTest
@TestProfile(WakeOnChangeTest.HourlyPoll.class)
class WakeOnChangeTest extends CatalogTestSupport {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atrium.catalog.processing.poll-interval", "1H");
        }
    }

    private static int byName(String name) {
        return as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).statusCode();
    }

    private static void eventuallyServed(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (byName(name) != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(200, byName(name), name + " is served without waiting for the hourly poll");
    }

    @Test
    void registrationAndRefreshDoNotWaitForThePoll() throws Exception {
        String first = unique("woken");
        Path file = writeCatalog(component(first, "group:default/payments-team"));
        String entityRef = as(alice()).body(Map.of("type", "file", "target", file.toString()))
                .post("/api/catalog/locations").then().statusCode(201).extract().path("location.entityRef");
        eventuallyServed(first);

        String second = unique("woken");
        rewrite(file, component(first, "group:default/payments-team") + "---\n" + component(second, "group:default/payments-team"));
        assertEquals(404, byName(second), "not read before the refresh");
        as(alice()).body(Map.of("entityRef", entityRef)).post("/api/catalog/refresh").then().statusCode(200);
        eventuallyServed(second);
    }
}
