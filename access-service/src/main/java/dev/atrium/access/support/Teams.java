package dev.atrium.access.support;

import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.util.List;

/** Team refs as this service stores them: canonical catalog group refs ({@code group:default/payments-team}). */
public final class Teams {
    private Teams() {
    }

    /** Canonical ref of a team name or ref; adds a field error and returns null when it is not one. */
    public static String ref(String team, List<FieldError> errors) {
        try {
            EntityRefs.Ref ref = EntityRefs.parse(team, "group", "team");
            if (!"group".equals(ref.kind())) {
                errors.add(FieldError.of("team", "must be a group (team) ref"));
                return null;
            }
            return ref.toString();
        } catch (InputError e) {
            errors.addAll(e.fieldErrors());
            return null;
        }
    }

    /** Canonical ref of a team, or a 400 naming the field. */
    public static String ref(String team) {
        List<FieldError> errors = new java.util.ArrayList<>();
        String ref = ref(team, errors);
        if (!errors.isEmpty()) {
            throw new InputError("Invalid team", errors);
        }
        return ref;
    }
}
