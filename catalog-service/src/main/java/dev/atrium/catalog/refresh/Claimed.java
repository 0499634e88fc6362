package dev.atrium.catalog.refresh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.security.AtriumUser;
import java.util.UUID;

/**
 * A refresh-state row claimed by this instance for one processing pass; {@code clean} when its last
 * pass recorded no errors.
 *
 * @param leaseToken fencing token of the claiming pass: its writes land only while the row still carries it
 * @param registrant who registered the row's origin location (Location rows only; null otherwise)
 */
public record Claimed(UUID entityId, String entityRef, ObjectNode unprocessed, String locationKey,
        UUID originLocationId, String resultHash, boolean hasFinal, boolean orphan, boolean clean,
        long leaseToken, AtriumUser registrant) {
}
