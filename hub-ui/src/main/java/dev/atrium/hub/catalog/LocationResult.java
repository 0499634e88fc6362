package dev.atrium.hub.catalog;

import java.util.List;

/** What registering (or previewing) a location gave: its id and the entities read from it. */
public record LocationResult(String id, String type, String target, boolean exists, List<CatalogEntity> entities) {
}
