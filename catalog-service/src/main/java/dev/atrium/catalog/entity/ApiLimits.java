package dev.atrium.catalog.entity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds of the entity read API ({@code atrium.catalog.api.*}): anything a signed-in user sends is
 * capped, and a value over a cap is a 400, never silently clipped.
 */
@ConfigMapping(prefix = "atrium.catalog.api")
public interface ApiLimits {

    /** Largest page ({@code limit}) of {@code GET /entities} and {@code /entities/by-query}. */
    @WithDefault("10000")
    int maxLimit();

    /** Largest {@code offset}; deep offsets cost the database a scan of every skipped row. */
    @WithDefault("1000000")
    int maxOffset();

    /** Most entity refs in one {@code POST /entities/by-refs} ({@code @backstage/catalog-client} sends at most 1000). */
    @WithDefault("1000")
    int maxRefs();

    /** Most sort keys in one query. */
    @WithDefault("5")
    int maxSortKeys();

    /** Most facets in one facets request. */
    @WithDefault("20")
    int maxFacets();

    /** Rows {@code GET /entities} without a limit holds in memory at once while it streams the list. */
    @WithDefault("200")
    int streamFetchSize();
}
