package dev.atrium.hub.catalog;

import dev.atrium.hub.web.Problem;
import java.util.Map;

/** The register-a-location form, its preview (dry run) or the registration result. */
public record RegisterView(String type, String target, LocationResult preview, LocationResult registered,
        Problem problem, Map<String, String> errors) {

    public static RegisterView empty() {
        return new RegisterView("url", "", null, null, null, Map.of());
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || problem != null;
    }

    public String error(String field) {
        return errors.get(field);
    }
}
