package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.commons.error.FieldError;
import java.util.List;
import java.util.Set;

/**
 * What processing one entity produced: the final entity (null when invalid), its errors, its
 * relations and, for Location entities, the children read from its targets.
 *
 * @param children entities read from a Location's targets; null for other kinds
 * @param retained refs of existing children that failed validation this time and keep their old version
 * @param complete whether every target was read, so children missing from the read are really gone
 * @param unchanged whether inputs are identical to the last pass (nothing to write but the schedule)
 */
public record Outcome(Claimed row, ObjectNode finalEntity, List<FieldError> errors, List<Relation> relations,
        List<Child> children, Set<String> retained, boolean complete, String resultHash, boolean unchanged) {

    /**
     * An entity emitted by a Location, with the location key it was read from. It is kept as JSON text, a
     * quarter of the memory of the parsed tree, because a Location can emit thousands in one pass
     * (docs/decisions/0013).
     */
    public record Child(String ref, String json, String locationKey) {
    }
}
