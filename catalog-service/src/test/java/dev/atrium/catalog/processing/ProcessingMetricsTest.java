package dev.atrium.catalog.processing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operators see the processing loop and the caches in {@code /q/metrics}: backlog, lag, pass durations, entities
 * with errors, failed passes, cache hits and misses, and the change listener's state, all under dotted names.
 */
@QuarkusTest
class ProcessingMetricsTest extends CatalogTestSupport {

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first sample line that starts with {@code series} (name and labels), or NaN. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + "(?=[ {},])[^\\n]* ([-0-9.eE+NaInf]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static void eventually(String series, DoublePredicate expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        double last;
        do {
            last = value(metrics(), series);
            if (expected.test(last)) {
                return;
            }
            Thread.sleep(250);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(series + " never matched; last value " + last);
    }

    @Test
    void backlogAndLagShowRowsWaitingWhileProcessingIsHeld() throws Exception {
        loop.setPaused(true);
        try {
            settle();
            register(alice(), writeCatalog(component(unique("waiting"), "group:default/payments-team")));
            eventually("atrium_catalog_processing_backlog", v -> v >= 1);
            eventually("atrium_catalog_processing_lag_seconds", v -> v > 0);
        } finally {
            loop.setPaused(false);
        }
        settle();
        eventually("atrium_catalog_processing_backlog", v -> v == 0);
    }

    @Test
    void passesAndEntitiesWithErrorsAreCounted() throws Exception {
        String before = metrics();
        double errorsBefore = value(before, "atrium_catalog_processing_entities_total{result=\"errors\"");
        double passesBefore = value(before, "atrium_catalog_processing_pass_seconds_count{outcome=\"written\"");
        String name = unique("counted");
        java.nio.file.Path file = writeCatalog(component(name, "group:default/payments-team"));
        register(alice(), file);
        settle();
        // the file loses a required field after registration: the next pass reports the entity as an error
        rewrite(file, component(name, "group:default/payments-team").replace("  lifecycle: production\n", ""));
        as(admin()).body("{\"entityRef\":\"component:default/" + name + "\"}").post("/api/catalog/refresh").then().statusCode(200);
        settle();
        String after = metrics();
        double errors = value(after, "atrium_catalog_processing_entities_total{result=\"errors\"");
        double passes = value(after, "atrium_catalog_processing_pass_seconds_count{outcome=\"written\"");
        assertTrue(passes > (Double.isNaN(passesBefore) ? 0 : passesBefore), "passes " + passesBefore + " -> " + passes);
        assertTrue(errors > (Double.isNaN(errorsBefore) ? 0 : errorsBefore), "the location reports the invalid entity: "
                + errorsBefore + " -> " + errors);
        assertTrue(after.contains("atrium_catalog_processing_failures_total"), "failed passes are counted");
        assertTrue(after.contains("atrium_catalog_processing_pass_seconds_max{outcome=\"written\"}"), "pass durations");
    }

    @Test
    void cacheHitsAndMissesAreCountedPerCache() throws Exception {
        String name = unique("metered");
        register(alice(), writeCatalog(component(name, "group:default/payments-team")));
        settle();
        String hit = "cache_gets_total{cache=\"entity-documents\",result=\"hit\"";
        String tokenHit = "cache_gets_total{cache=\"verified-tokens\",result=\"hit\"";
        double before = value(metrics(), hit);
        String token = alice();
        for (int i = 0; i < 3; i++) {
            as(token).get("/api/catalog/entities/by-name/component/default/" + name).then().statusCode(200);
        }
        String after = metrics();
        assertTrue(value(after, hit) >= before + 2, "document hits " + before + " -> " + value(after, hit));
        assertTrue(value(after, "cache_gets_total{cache=\"entity-documents\",result=\"miss\"") >= 1, "document misses");
        assertTrue(value(after, tokenHit) >= 2, "verified-token hits");
        assertTrue(after.contains("cache_size{cache=\"entity-counts\""), "count cache size");
        assertTrue(after.contains("cache_evictions_total{cache=\"verified-tokens\""), "token cache evictions");
    }
}
