package dev.atrium.catalog.entity;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The read cache of served documents and query results, and the change listener that keeps it correct ({@code atrium.catalog.cache.*}). */
@ConfigMapping(prefix = "atrium.catalog.cache")
public interface CacheConfig {

    /** Whether served documents and counts are cached at all; off, every read goes to the database. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Upper bound of the document cache, in estimated heap bytes: each document's packed bytes (deflated against a
     * dictionary of the words entities share, 4–5 times smaller than its text), its ref and about 96 bytes of objects;
     * the least recently used go first. 8 MB hold about 17,000 typical documents, all of a 10k catalog (about 5 MB). When
     * they were kept as text, 16 MB held 85 % of a 10k catalog: every miss promoted a document into the old
     * generation and evicted another, so the fixed 56 MB heap ran a 60–100 ms full collection every 4 s under
     * by-name load (by-name p99 49–66 ms; docs/decisions/0013, 0028, 0031).
     */
    @WithDefault("8M")
    MemorySize maxBytes();

    /** Most entity counts ({@code totalItems} of distinct filters) kept. */
    @WithDefault("2000")
    int maxCounts();

    /**
     * Upper bound of the cache of other query results (facet counts, the entities of a by-query page), in
     * estimated bytes of their strings and objects. A side bar of four facets over a broad filter at 500k entities
     * weighs up to about 400 KB (4,000 owners): with 2 MB a rotation of 100 filtered side bars kept missing (p99
     * 4.7 s under 16 clients), and with 8 MB another rotation of 100 still did (p99 5.8 s); with 12 MB that one was
     * answered from the cache (p99 24 ms; docs/decisions/0029).
     */
    @WithDefault("12M")
    MemorySize maxResultBytes();

    /** The connection that receives the change notifications. */
    Listener listener();

    /** Heartbeat and reconnection of the change listener. */
    interface Listener {
        /** How often the listener proves its connection alive with a query when no notification arrives. */
        @WithDefault("10S")
        Duration heartbeat();

        /** How long the heartbeat (or any read) may wait for the database before the connection counts as lost. */
        @WithDefault("5S")
        Duration timeout();

        /** Wait before the first reconnection attempt; doubled after each failure up to {@link #maxRetry()}. */
        @WithDefault("1S")
        Duration retry();

        /** Longest wait between reconnection attempts. */
        @WithDefault("30S")
        Duration maxRetry();
    }
}
