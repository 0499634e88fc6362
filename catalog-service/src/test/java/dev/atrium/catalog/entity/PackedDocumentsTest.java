package dev.atrium.catalog.entity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Packing of cached documents: exact round trips of any text, and the size it saves on a served entity. */
class PackedDocumentsTest {

    private final PackedDocuments packing = new PackedDocuments(4);

    /** A served document as PostgreSQL writes it out: the shape of the generated bench catalog's components. */
    static final String SERVED = """
            {"kind": "Component", "spec": {"type": "service", "owner": "group:team-harbor-0051", "system": "system:session-core-0131", \
            "dependsOn": ["component:validator-worker-0030", "resource:checkout-db-1788"], "lifecycle": "production", \
            "providesApis": ["api:webhook-api-0118"]}, "metadata": {"uid": "01a23f3c-a3af-72c8-a0af-80f490b0497b", \
            "etag": "7f2a78a55a84b3c621732623", "name": "router-service-0118", "tags": ["react", "kotlin", "rust"], \
            "title": "Router Service 0118", "namespace": "default", "annotations": {"backstage.io/managed-by-location": \
            "file:/srv/catalog/part-0004.yaml", "backstage.io/managed-by-origin-location": "file:/srv/catalog/catalog-info.yaml"}, \
            "description": "Router Service 0118, a service in the session-core-0131 system."}, "relations": [{"type": "dependencyOf", \
            "target": {"kind": "component", "name": "cache-sdk-0175", "namespace": "default"}, "targetRef": "component:default/cache-sdk-0175"}, \
            {"type": "dependsOn", "target": {"kind": "component", "name": "validator-worker-0030", "namespace": "default"}, \
            "targetRef": "component:default/validator-worker-0030"}, {"type": "dependsOn", "target": {"kind": "resource", \
            "name": "checkout-db-1788", "namespace": "default"}, "targetRef": "resource:default/checkout-db-1788"}, {"type": "ownedBy", \
            "target": {"kind": "group", "name": "team-harbor-0051", "namespace": "default"}, "targetRef": "group:default/team-harbor-0051"}, \
            {"type": "partOf", "target": {"kind": "system", "name": "session-core-0131", "namespace": "default"}, \
            "targetRef": "system:default/session-core-0131"}, {"type": "providesApi", "target": {"kind": "api", "name": "webhook-api-0118", \
            "namespace": "default"}, "targetRef": "api:default/webhook-api-0118"}], "apiVersion": "backstage.io/v1alpha1"}""";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyTextComesBackExactly() {
        Random random = new Random(11);
        byte[] noise = new byte[1 << 20];
        random.nextBytes(noise);
        List<String> texts = List.of("", "{}", SERVED, "{\"title\": \"Zürich – 東京 – 🚀\", \"x\": \"\\u0000\"}",
                "a".repeat(200_000), new String(noise, StandardCharsets.ISO_8859_1), "é".repeat(127), "é".repeat(128));
        for (String text : texts) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(utf8, packing.utf8(packing.pack(utf8)), "text of length " + text.length());
        }
    }

    @Test
    void aServedEntityTakesAFractionOfItsText() {
        int text = utf8(SERVED).length;
        int packed = packing.pack(utf8(SERVED)).length;
        assertTrue(packed * 3 < text, "packed " + packed + " of " + text + " bytes");
    }

    @Test
    void aTruncatedDocumentIsAnErrorNotAShorterText() {
        byte[] packed = packing.pack(utf8(SERVED));
        for (int i = 0; i < 8; i++) { // more than the pool holds: each of its codecs sees a broken stream
            assertThrows(IllegalStateException.class, () -> packing.utf8(Arrays.copyOf(packed, packed.length / 2)));
        }
        // and is reused safely afterwards
        assertArrayEquals(utf8(SERVED), packing.utf8(packing.pack(utf8(SERVED))));
    }

    @Test
    void manyThreadsAtOnceShareTheKeptCodecs() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                byte[] text = utf8(SERVED.replace("0118", String.format("%04d", t)));
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        if (!Arrays.equals(text, packing.utf8(packing.pack(text)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertTrue(run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
