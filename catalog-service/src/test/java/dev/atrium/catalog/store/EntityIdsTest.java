package dev.atrium.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntityIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndTheirMillisecondsFirst() {
        long now = System.currentTimeMillis();
        UUID id = EntityIds.next();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(millis >= now && millis <= System.currentTimeMillis(), "the id carries its creation time: " + millis);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesTheWayPostgresqlComparesUuids() {
        UUID earlier = EntityIds.at(1_000, -1L, -1L);
        UUID later = EntityIds.at(1_001, 0L, 0L);
        // PostgreSQL orders uuid values by their bytes, unsigned; so does this string comparison
        assertTrue(earlier.toString().compareTo(later.toString()) < 0, earlier + " < " + later);
        assertEquals(7, earlier.version());
        assertEquals(2, later.variant());
    }

    @Test
    void idsMadeInTheSameMillisecondStayDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EntityIds.next());
        }
        assertEquals(100_000, ids.size());
    }
}
