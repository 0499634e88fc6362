package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A refresh-state row claimed by this instance for one processing pass; {@code clean} when its last
 * pass recorded no errors.
 */
public record Claimed(UUID entityId, String entityRef, ObjectNode unprocessed, String locationKey,
        UUID originLocationId, String resultHash, boolean hasFinal, boolean orphan, boolean clean) {
}
