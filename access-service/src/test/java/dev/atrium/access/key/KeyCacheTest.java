package dev.atrium.access.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verification cache's timing with a fake clock: without any notification (listener down) a changed key is
 * never served older than max-staleness, hot keys are refreshed in the background, and the size is bounded.
 */
class KeyCacheTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final ExecutorService direct = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        direct.shutdownNow();
    }

    private static KeyState state(boolean revoked) {
        return new KeyState(UUID.randomUUID(), "group:default/t", Map.of("aimodel:default/m", "cc"), 10, 0,
                KeyState.monthOf(System.currentTimeMillis()), Long.MAX_VALUE, revoked);
    }

    /**
     * Moves the fake clock, after letting the executor finish what it holds: a load's completion callback, which
     * stamps the entry's write time, can run on the executor just after the caller's {@code get()} returned.
     */
    private void advance(Duration d) throws Exception {
        settle();
        nanos.addAndGet(d.toNanos());
    }

    private void settle() throws Exception {
        direct.submit(() -> { }).get();
    }

    @Test
    void aRevocationIsSeenWithinMaxStalenessEvenWithoutNotifications() throws Exception {
        AtomicBoolean revoked = new AtomicBoolean(false);
        AtomicInteger loads = new AtomicInteger();
        AsyncLoadingCache<String, KeyState> cache = KeyCache.build(100, Duration.ofMillis(250), Duration.ofSeconds(1), ticker,
                h -> {
                    loads.incrementAndGet();
                    return state(revoked.get());
                }, direct);
        assertEquals(false, cache.get("h").get().revoked());
        revoked.set(true);
        advance(Duration.ofMillis(100));
        assertEquals(false, cache.get("h").get().revoked(), "fresh entries are served from memory");
        advance(Duration.ofMillis(1000));
        assertTrue(cache.get("h").get().revoked(), "no entry is served older than max-staleness");
        assertTrue(loads.get() >= 2);
    }

    @Test
    void hotKeysAreRefreshedInTheBackground() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        AsyncLoadingCache<String, KeyState> cache = KeyCache.build(100, Duration.ofMillis(250), Duration.ofSeconds(1), ticker,
                h -> {
                    loads.incrementAndGet();
                    return state(false);
                }, direct);
        cache.get("h").get();
        advance(Duration.ofMillis(300));
        assertTrue(cache.get("h").isDone(), "a stale-but-valid entry is answered at once");
        settle();
        assertEquals(2, loads.get(), "and re-read behind the answer");
    }

    @Test
    void theCacheIsBounded() throws Exception {
        AsyncLoadingCache<String, KeyState> cache = KeyCache.build(50, Duration.ofMillis(250), Duration.ofSeconds(1), ticker,
                h -> KeyState.UNKNOWN, direct);
        for (int i = 0; i < 1000; i++) {
            cache.get("h" + i).get();
        }
        cache.synchronous().cleanUp();
        assertTrue(cache.synchronous().estimatedSize() <= 50, "size " + cache.synchronous().estimatedSize());
    }
}
