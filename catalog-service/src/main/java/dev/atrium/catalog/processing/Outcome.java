package dev.atrium.catalog.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * An entity emitted by a Location, with the location key it was read from. It is kept as JSON text, a
     * quarter of the memory of the parsed tree, because a Location can emit thousands in one pass
     * (docs/decisions/0013).
     */
    public record Child(String ref, String json, String locationKey) {
        private static final ObjectMapper JSON = new ObjectMapper();

        /** A child of the given entity tree, kept as its JSON text. */
        static Child of(String ref, ObjectNode entity, String locationKey) {
            try {
                return new Child(ref, JSON.writeValueAsString(entity), locationKey);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The entity parsed again (dry runs, which answer with the entities). */
        public ObjectNode entity() {
            try {
                return (ObjectNode) JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A row whose processing failed: nothing changes but its errors; the last good version stays. */
    static Outcome failed(Claimed row, ProcessingError error) {
        return new Outcome(row, null, List.of(error), List.of(), null, Set.of(), false, null, false);
    }
}
