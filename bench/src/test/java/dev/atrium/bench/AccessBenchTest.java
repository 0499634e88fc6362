package dev.atrium.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessBenchTest {

    @Test
    void percentilesUseTheNearestRank() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertEquals(5, AccessBench.percentile(sorted, 50));
        assertEquals(10, AccessBench.percentile(sorted, 95));
        assertEquals(0, AccessBench.percentile(List.of(), 95));
        Map<String, Object> s = AccessBench.summary(List.of(30L, 10L, 20L));
        assertEquals(3, s.get("n"));
        assertEquals(20L, s.get("p50Ms"));
        assertEquals(30L, s.get("maxMs"));
    }

    @Test
    void theWrkScriptsSendEveryKeyAndPrintTheResultLine() {
        List<String[]> keys = List.of(new String[] {"atrk_one", "bench-model-0000"}, new String[] {"atrk_two", "bench-model-0001"});
        String verify = AccessBench.verifyScript(keys);
        assertTrue(verify.contains("{\"key\":\"atrk_one\",\"model\":\"bench-model-0000\"}"));
        assertTrue(verify.contains("{\"key\":\"atrk_two\",\"model\":\"bench-model-0001\"}"));
        assertTrue(verify.contains("/api/access/v1/keys/verify"));
        assertTrue(verify.contains("ATRIUM_WRK "));
        String forward = AccessBench.forwardAuthScript(keys);
        assertTrue(forward.contains("Bearer atrk_two") && forward.contains("[\"X-Atrium-Model\"]=\"bench-model-0001\""));
    }

    @Test
    void theStubCatalogServesOpenModelsByName() throws Exception {
        try (StubCatalog stub = StubCatalog.start(3)) {
            var http = java.net.http.HttpClient.newHttpClient();
            var ok = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stub.url()
                    + "/api/catalog/entities/by-name/aimodel/default/bench-model-0002")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("\"accessTier\":\"open\""));
            var missing = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stub.url()
                    + "/api/catalog/entities/by-name/aimodel/default/bench-model-0003")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals(List.of("bench-model-0000", "bench-model-0001", "bench-model-0002"), stub.names());
        }
    }
}
