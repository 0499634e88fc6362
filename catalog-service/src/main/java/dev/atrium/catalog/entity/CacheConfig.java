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
     * Upper bound of the document cache: the JSON text of the cached documents and their refs, in bytes
     * (the least recently used go first). 16 MB hold about 10,000 typical documents: a 10k catalog's by-name
     * reads went from 2,000 to 5,700 req/s when 8 MB became 16 MB; 24 MB left the rest of the fixed heap (64 MB
     * then, 56 MB with compact object headers now) too little once full, and every request's tail grew at 50k
     * (docs/decisions/0013, 0028, bench/results/catalog-variants).
     */
    @WithDefault("16M")
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
