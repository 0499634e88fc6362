package dev.atrium.catalog.entity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Served entity documents by entity ref, and query results (entity counts, facet counts, the entities of a page)
 * by query, so that repeated reads skip the database. All are bounded (Caffeine, least recently used out first):
 * documents by their estimated bytes, kept packed ({@link PackedDocuments}, {@code atrium.catalog.cache.max-bytes}), counts by number
 * ({@code max-counts}), other query results (facets, the ids of by-query pages) by their estimated bytes
 * ({@code max-result-bytes}); hits, misses and evictions are metered as {@code cache.gets},
 * {@code cache.evictions} and so on with tag {@code cache=entity-documents|entity-counts|query-results}.
 * <p>
 * Every change to an entity or to its relations is announced by PostgreSQL on
 * {@code atrium_entity_changes} (migration V2), whichever instance made it; the
 * {@link EntityChangeListener} hands each notification here and exactly those refs are dropped. While the
 * listener is not connected the cache is bypassed and emptied, so a missed notification can never leave a stale
 * document behind. A read that raced with a change is not cached: every drop advances a generation, and a
 * document is kept only when the generation did not move while it was being read. A query result is reused only
 * while no change at all has arrived since it was taken, and is computed once per generation however many
 * requests miss it at the same time. See docs/decisions/0006, 0029 and 0031 (documents packed).
 */
@ApplicationScoped
public class ReadCache {

    @Inject
    CacheConfig config;

    @Inject
    MeterRegistry meters;

    /** A query result, the generation it was computed in and its estimated bytes. */
    private record Stamped<T>(long generation, T value, int weight) {
    }

    /** Estimated bytes of a cached document's objects besides its ref's characters and its packed bytes. */
    static final int DOCUMENT_OVERHEAD = 96;

    private final PackedDocuments packing = new PackedDocuments(2 * Runtime.getRuntime().availableProcessors());
    private Cache<String, byte[]> documents;
    private Cache<String, Stamped<Long>> counts;
    private Cache<String, Stamped<Object>> results;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    /** Query results being computed now, by cache, generation and key; an entry lives only while its computation runs. */
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        long maxBytes = config.maxBytes().asLongValue();
        documents = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String ref, byte[] packed) -> ref.length() + packed.length + DOCUMENT_OVERHEAD)
                // maintenance on the calling thread: no pool threads, evictions done before put returns
                .executor(Runnable::run)
                .recordStats()
                .build();
        counts = Caffeine.newBuilder()
                .maximumSize(config.maxCounts())
                .executor(Runnable::run)
                .recordStats()
                .build();
        results = Caffeine.newBuilder()
                .maximumWeight(config.maxResultBytes().asLongValue())
                .weigher((String key, Stamped<Object> result) -> key.length() + result.weight())
                .executor(Runnable::run)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, documents, "entity-documents", Tags.empty());
        CaffeineCacheMetrics.monitor(meters, counts, "entity-counts", Tags.empty());
        CaffeineCacheMetrics.monitor(meters, results, "query-results", Tags.empty());
    }

    /** The document for {@code ref} (the UTF-8 bytes of its JSON text), as {@link #getAll} finds it. */
    public Optional<byte[]> get(String ref, Function<List<String>, Map<String, byte[]>> loader) {
        if (listening) {
            byte[] packed = documents.getIfPresent(ref);
            if (packed != null) {
                return Optional.of(packing.utf8(packed));
            }
        }
        return Optional.ofNullable(getAll(List.of(ref), loader).get(ref));
    }

    /**
     * Documents for {@code refs}, as the UTF-8 bytes of their JSON text: cached ones unpacked, the rest read with one
     * call of {@code loader} (which leaves out refs that do not exist) and kept when safe.
     */
    public Map<String, byte[]> getAll(List<String> refs, Function<List<String>, Map<String, byte[]>> loader) {
        if (!listening) {
            return loader.apply(refs);
        }
        Map<String, byte[]> out = new HashMap<>(refs.size() * 2);
        documents.getAllPresent(refs).forEach((ref, packed) -> out.put(ref, packing.utf8(packed)));
        if (out.size() == refs.size()) {
            return out;
        }
        List<String> missing = new ArrayList<>(refs.size() - out.size());
        for (String ref : refs) {
            if (!out.containsKey(ref)) {
                missing.add(ref);
            }
        }
        long before = generation.get();
        Map<String, byte[]> loaded = loader.apply(missing);
        out.putAll(loaded);
        if (listening && generation.get() == before) {
            Map<String, byte[]> packed = new HashMap<>(loaded.size() * 2);
            loaded.forEach((ref, doc) -> packed.put(ref, packing.pack(doc)));
            documents.putAll(packed);
            if (generation.get() != before) {
                documents.invalidateAll(loaded.keySet());
            }
        }
        return out;
    }

    /**
     * The count identified by {@code key} (the query that produces it): reused while no entity has
     * changed since it was computed, otherwise computed again with {@code loader}.
     */
    public long count(String key, LongSupplier loader) {
        return once(counts, "count|" + key, loader::getAsLong, v -> 1);
    }

    /**
     * The query result identified by {@code key} (the statement that produces it, prefixed by what it is for, such
     * as {@code facets|} or {@code page|}), as {@link #count}, weighed by {@code weigher} (estimated bytes). The
     * result is shared by every request that gets it, so it must not be changed.
     */
    @SuppressWarnings("unchecked")
    public <T> T result(String key, Supplier<T> loader, ToIntFunction<T> weigher) {
        return (T) once(results, key, (Supplier<Object>) loader, v -> weigher.applyAsInt((T) v));
    }

    /**
     * A query result from {@code cache} while no change has arrived since it was computed, else computed with
     * {@code loader}. One computation per result and generation: requests that miss the same result at once wait
     * for it instead of each running the same query. At 500k entities, 16 first pages of one query ran 16 copies
     * of a 155 ms count after every change, each taking 2.5-3 s on two cores (by-query p90 448 ms, bench
     * 20261203T105928Z).
     */
    private <T> T once(Cache<String, Stamped<T>> cache, String key, Supplier<T> loader, ToIntFunction<T> weigher) {
        if (!listening) {
            return loader.get();
        }
        long before = generation.get();
        Stamped<T> hit = cache.getIfPresent(key);
        if (hit != null && hit.generation() == before) {
            return hit.value();
        }
        String flight = before + "|" + key;
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(flight, mine);
        if (running != null) {
            @SuppressWarnings("unchecked")
            T theirs = (T) await(running);
            return theirs;
        }
        try {
            T value = loader.get();
            if (listening && generation.get() == before) {
                cache.put(key, new Stamped<>(before, value, weigher.applyAsInt(value)));
            }
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(flight, mine);
        }
    }

    /** The result another request is computing; its failure is this request's failure. */
    private static Object await(CompletableFuture<Object> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** How many query results are being computed right now (tests). */
    int resultsInFlight() {
        return inFlight.size();
    }

    /** Drops every document; for writes made through this instance's API, visible at once. */
    public void invalidateAll() {
        generation.incrementAndGet();
        documents.invalidateAll();
    }

    long size() {
        return documents.estimatedSize();
    }

    /** Total weight (estimated bytes: refs, packed documents and their objects) of the cached documents. */
    long weight() {
        documents.cleanUp();
        return documents.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    boolean isListening() {
        return listening;
    }

    /** The listener is connected: notifications arrive from now on, so caching may start (from empty). */
    void listenerUp() {
        invalidateAll();
        counts.invalidateAll();
        results.invalidateAll();
        listening = true;
    }

    /** The listener lost its connection: bypass and empty the cache until it is back. */
    void listenerDown() {
        listening = false;
        invalidateAll();
        counts.invalidateAll();
        results.invalidateAll();
    }

    /** A notification: its payload lists the changed refs one per line, or is {@code *} for "everything". */
    void invalidate(String payload) {
        generation.incrementAndGet();
        if ("*".equals(payload)) {
            documents.invalidateAll();
            return;
        }
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf('\n', start);
            if (end < 0) {
                end = payload.length();
            }
            documents.invalidate(payload.substring(start, end));
            start = end + 1;
        }
    }
}
