package dev.atrium.catalog.search;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Changes to the kept facet counts that one transaction has made so far, added up per (field, original value),
 * so that {@link SearchRepository#applyFacetDeltas} writes each hot count row once, at the end.
 */
public final class FacetDeltas {

    /** A field and one of its original (case-kept) values. */
    record Key(String key, String value) {
        Key {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
        }
    }

    private final Map<Key, Long> deltas = new HashMap<>();

    /** Adds {@code delta} to the count of {@code value} of {@code key}. */
    public void add(String key, String value, long delta) {
        deltas.merge(new Key(key, value), delta, Long::sum);
    }

    /** The non-zero changes. */
    Map<Key, Long> nonZero() {
        Map<Key, Long> out = new HashMap<>();
        deltas.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Whether nothing would change. */
    public boolean isEmpty() {
        return deltas.values().stream().allMatch(v -> v == 0);
    }
}
