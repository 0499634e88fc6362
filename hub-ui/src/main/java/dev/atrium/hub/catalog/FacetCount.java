package dev.atrium.hub.catalog;

/** How many entities have {@code value} in a facet field. */
public record FacetCount(String value, int count) {
}
