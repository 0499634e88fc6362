package dev.atrium.catalog.processing;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.refresh.Claimed;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pass whose lease ran out cannot overwrite what a newer pass of the same rows wrote. */
@QuarkusTest
class FencingTest extends CatalogTestSupport {

    @Inject
    ProcessingRepository repository;

    @Inject
    EntityProcessor processor;

    private void expireLeases(String ref) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_state SET next_update_at = now() - interval '1 second' WHERE entity_ref = ?")) {
            ps.setString(1, ref);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private List<Claimed> claim(String ref) {
        // claim everything due (the test holds the loop), keep the row of interest and hand the others back
        List<Claimed> all = repository.claim(500, Duration.ofMinutes(5));
        List<Claimed> others = all.stream().filter(c -> !c.entityRef().equals(ref)).toList();
        if (!others.isEmpty()) {
            repository.release(others, Duration.ZERO);
        }
        return all.stream().filter(c -> c.entityRef().equals(ref)).toList();
    }

    @Test
    void aPassWhoseLeaseExpiredCannotOverwriteANewerPass() throws Exception {
        String name = unique("fenced");
        Path file = writeCatalog(component(name, "payments-team"));
        register(alice(), file);
        settle();
        String ref = "component:default/" + name;
        loop.setPaused(true);
        try {
            Thread.sleep(1500); // let a scheduled pass in flight finish
            settle();
            // the Location's pass emits the new document; the component's own passes are what is fenced
            rewrite(file, component(name, "payments-team").replace("production", "experimental"));
            String locationRef = as(alice()).get("/api/catalog/locations/by-entity/component/default/" + name).then().extract().path("entityRef");
            as(alice()).body(Map.of("entityRef", locationRef)).post("/api/catalog/refresh").then().statusCode(200);
            loop.runOnce();

            expireLeases(ref);
            List<Claimed> stale = claim(ref);
            assertEquals(1, stale.size());
            Outcome staleOutcome = processor.process(stale.get(0));

            // the stale pass's lease runs out; a newer pass claims the row, processes a newer document and writes
            rewrite(file, component(name, "payments-team").replace("production", "deprecated"));
            as(alice()).body(Map.of("entityRef", locationRef)).post("/api/catalog/refresh").then().statusCode(200);
            loop.runOnce();
            expireLeases(ref);
            List<Claimed> fresh = claim(ref);
            assertEquals(1, fresh.size());
            assertTrue(fresh.get(0).leaseToken() > stale.get(0).leaseToken(), "each claim carries a newer fencing token");
            repository.write(List.of(processor.process(fresh.get(0))));
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                    .body("spec.lifecycle", equalTo("deprecated"));

            // the stale pass finally writes: nothing of it lands
            repository.write(List.of(staleOutcome));
            as(alice()).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200)
                    .body("spec.lifecycle", equalTo("deprecated"));
        } finally {
            loop.setPaused(false);
        }
        settle();
    }
}
