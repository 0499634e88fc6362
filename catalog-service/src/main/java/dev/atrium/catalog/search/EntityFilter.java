package dev.atrium.catalog.search;

import dev.atrium.commons.error.InputError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Backstage {@code filter}: repeated filter parameters are OR-ed; inside one parameter,
 * comma-separated statements are AND-ed and a repeated key means any of its values.
 */
public record EntityFilter(List<List<Statement>> anyOf) {

    /** {@code key=value[,value]} or, with no values, an existence test. */
    public record Statement(String key, List<String> values) {
        public boolean exists() {
            return values.isEmpty();
        }
    }

    public static final EntityFilter NONE = new EntityFilter(List.of());

    public boolean isEmpty() {
        return anyOf.isEmpty();
    }

    /** Parses the raw {@code filter} query parameters. */
    public static EntityFilter parse(List<String> params) {
        if (params == null || params.isEmpty()) {
            return NONE;
        }
        List<List<Statement>> anyOf = new ArrayList<>();
        for (String param : params) {
            if (param == null || param.isBlank()) {
                continue;
            }
            InputError.noNul(param, "filter");
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            for (String raw : param.split(",")) {
                String statement = raw.trim();
                int eq = statement.indexOf('=');
                String key = (eq < 0 ? statement : statement.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    throw new InputError("Invalid filter, '" + statement + "' is not a valid statement (expected a string on the form a=b or a= or a)");
                }
                List<String> values = byKey.computeIfAbsent(key, k -> new ArrayList<>());
                if (eq >= 0) {
                    values.add(statement.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
                }
            }
            List<Statement> all = new ArrayList<>();
            byKey.forEach((k, v) -> all.add(new Statement(k, List.copyOf(v))));
            anyOf.add(all);
        }
        return new EntityFilter(List.copyOf(anyOf));
    }
}
