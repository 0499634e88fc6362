package dev.atrium.catalog.processing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.catalog.refresh.Claimed;
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
public record Outcome(Claimed row, ObjectNode finalEntity, List<ProcessingError> errors, List<Relation> relations,
        List<Child> children, Set<String> retained, boolean complete, String resultHash, boolean unchanged) {

    /** An entity emitted by a Location, with the location key it was read from. */
    public record Child(String ref, ObjectNode entity, String locationKey) {
    }

    /** A row whose processing failed: nothing changes but its errors; the last good version stays. */
    static Outcome failed(Claimed row, ProcessingError error) {
        return new Outcome(row, null, List.of(error), List.of(), null, Set.of(), false, null, false);
    }
}
