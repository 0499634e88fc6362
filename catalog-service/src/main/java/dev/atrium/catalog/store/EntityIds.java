package dev.atrium.catalog.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * New entity ids (which are also the entities' {@code metadata.uid}) as time-ordered UUIDs, version 7 of
 * RFC 9562: 48 bits of Unix milliseconds, then 74 random bits. Ids made close in time sort close together,
 * so the indexes that lead with an entity id ({@code entities}, {@code refresh_state}, {@code search},
 * {@code relations}) grow at their right edge during an ingest instead of touching a random page of an index
 * larger than the buffer cache for every entity (docs/decisions/0027).
 */
public final class EntityIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EntityIds() {
    }

    /** A new id. */
    public static UUID next() {
        return at(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The id for {@code millis} and the given random bits (only 74 of the 128 are used). */
    static UUID at(long millis, long randomHigh, long randomLow) {
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (randomHigh & 0x0FFFL);
        long lsb = 0x8000_0000_0000_0000L | (randomLow & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(msb, lsb);
    }
}
