package dev.atrium.catalog.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.commons.error.InputError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Backstage filter predicate ({@code @backstage/filter-predicates}), the JSON filter of
 * {@code POST /entities/by-query}, {@code POST /entity-facets}, {@code POST /entities/by-refs} and
 * {@code POST /locations/by-query}: field expressions ({@code {"kind": "component"}}) whose values
 * are primitives or the matchers {@code $exists}, {@code $in}, {@code $hasPrefix} and
 * {@code $contains}, combined with {@code $all}, {@code $any} and {@code $not}. Equality is
 * case-insensitive and numbers and booleans compare as their text.
 * <p>
 * Parsing bounds what a caller can send: nesting depth, number of nodes, key and value lengths.
 */
public sealed interface FilterPredicate {

    /** Deepest nesting of operators accepted. */
    int MAX_DEPTH = 16;
    /** Most nodes (operators, fields and values) one predicate may have. */
    int MAX_NODES = 2_000;
    /** Longest field key; longer keys are not in the search table anyway. */
    int MAX_KEY_LENGTH = SearchIndexer.MAX_KEY_LENGTH;
    /** Longest value compared. */
    int MAX_VALUE_LENGTH = 1_000;

    /** Every predicate holds. */
    record All(List<FilterPredicate> of) implements FilterPredicate {
    }

    /** At least one predicate holds. */
    record Any(List<FilterPredicate> of) implements FilterPredicate {
    }

    /** The predicate does not hold. */
    record Not(FilterPredicate of) implements FilterPredicate {
    }

    /** A field expression: every field matches (an empty one matches everything). */
    record Fields(List<Field> fields) implements FilterPredicate {
    }

    /** One field of a field expression; the key is the lower-cased dot path. */
    record Field(String key, Matcher matcher) {
    }

    /** How a field's value is matched. */
    sealed interface Matcher {
    }

    /** Equal to a value (lower-cased text). */
    record Equals(String value) implements Matcher {
    }

    /** Equal to one of the values (lower-cased text). */
    record In(List<String> values) implements Matcher {
    }

    /** The field exists, or does not. */
    record Exists(boolean exists) implements Matcher {
    }

    /** A text value starting with the prefix (lower-cased). */
    record HasPrefix(String prefix) implements Matcher {
    }

    /** An array value with an element matching the predicate. */
    record Contains(FilterPredicate element) implements Matcher {
    }

    /** A primitive given to {@code $contains}: the array has an element equal to it. */
    record Value(String value) implements FilterPredicate {
    }

    /** Parses a predicate; anything that is not one is an {@link InputError} saying what is wrong. */
    static FilterPredicate parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new Fields(List.of());
        }
        if (!node.isObject()) {
            throw new InputError("Invalid query: a filter predicate must be an object, e.g. {\"kind\": \"component\"}");
        }
        return new Parser().predicate(node, 0);
    }

    /**
     * The same selection as a classic {@link EntityFilter}, when the predicate is one: the shape
     * {@code @backstage/catalog-client} produces from a {@code filter} (equalities, {@code $in} and
     * {@code $exists: true}, AND-ed per record, records OR-ed). Such queries then use the same
     * plans and kept counts as the GET form.
     */
    default Optional<EntityFilter> asEntityFilter() {
        List<List<EntityFilter.Statement>> groups = new ArrayList<>();
        List<FilterPredicate> alternatives = this instanceof Any any ? any.of() : List.of(this);
        if (alternatives.isEmpty()) {
            return Optional.empty();
        }
        for (FilterPredicate p : alternatives) {
            Optional<List<EntityFilter.Statement>> group = conjunction(p);
            if (group.isEmpty()) {
                return Optional.empty();
            }
            groups.add(group.get());
        }
        if (groups.size() == 1 && groups.get(0).isEmpty()) {
            return Optional.of(EntityFilter.NONE);
        }
        if (groups.stream().anyMatch(List::isEmpty)) {
            return Optional.empty(); // "match all" inside an OR: not expressible as a filter
        }
        return Optional.of(new EntityFilter(List.copyOf(groups)));
    }

    private static Optional<List<EntityFilter.Statement>> conjunction(FilterPredicate p) {
        List<Field> fields = new ArrayList<>();
        if (p instanceof Fields f) {
            fields.addAll(f.fields());
        } else if (p instanceof All all) {
            for (FilterPredicate part : all.of()) {
                if (!(part instanceof Fields f)) {
                    return Optional.empty();
                }
                fields.addAll(f.fields());
            }
        } else {
            return Optional.empty();
        }
        Map<String, EntityFilter.Statement> byKey = new LinkedHashMap<>();
        for (Field field : fields) {
            EntityFilter.Statement s = switch (field.matcher()) {
                case Equals e -> new EntityFilter.Statement(field.key(), List.of(e.value()));
                case In in when !in.values().isEmpty() -> new EntityFilter.Statement(field.key(), in.values());
                case Exists x when x.exists() -> new EntityFilter.Statement(field.key(), List.of());
                default -> null;
            };
            // a repeated key means AND here but OR of values in a filter: keep such predicates as they are
            if (s == null || byKey.put(field.key(), s) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(byKey.values()));
    }

    /**
     * Evaluates the predicate against a value in memory, with the reference semantics of
     * {@code @backstage/filter-predicates} (for small sets such as locations; entity queries are SQL).
     *
     * @param valueAt the value at a (lower-cased) dot path, or null when there is none
     */
    default boolean test(java.util.function.Function<String, JsonNode> valueAt) {
        return switch (this) {
            case All all -> all.of().stream().allMatch(p -> p.test(valueAt));
            case Any any -> any.of().stream().anyMatch(p -> p.test(valueAt));
            case Not not -> !not.of().test(valueAt);
            case Fields fields -> fields.fields().stream().allMatch(f -> matches(f.matcher(), valueAt.apply(f.key())));
            case Value v -> equal(valueAt.apply(""), v.value());
        };
    }

    private static boolean matches(Matcher m, JsonNode value) {
        return switch (m) {
            case Equals e -> equal(value, e.value());
            case In in -> in.values().stream().anyMatch(v -> equal(value, v));
            case Exists x -> x.exists() == (value != null && !value.isMissingNode());
            case HasPrefix hp -> value != null && value.isTextual() && value.asText().toLowerCase(Locale.ROOT).startsWith(hp.prefix());
            case Contains c -> {
                if (value == null || !value.isArray()) {
                    yield false;
                }
                for (JsonNode element : value) {
                    if (c.element().test(path -> path.isEmpty() ? element : element.isObject() ? element.get(path) : null)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    /** Case-insensitive equality of a primitive value with a (lower-cased) predicate value. */
    private static boolean equal(JsonNode value, String expected) {
        return value != null && (value.isTextual() || value.isNumber() || value.isBoolean())
                && value.asText().toLowerCase(Locale.ROOT).equals(expected);
    }

    /** Recursive-descent parser that counts nodes and depth. */
    final class Parser {
        private int nodes;

        FilterPredicate predicate(JsonNode node, int depth) {
            count(depth);
            if (!node.isObject()) {
                throw new InputError("Invalid query: expected a predicate object but found " + describe(node));
            }
            for (String op : List.of("$all", "$any", "$not")) {
                if (node.has(op)) {
                    if (node.size() != 1) {
                        throw new InputError("Invalid query: operator " + op + " must be the only key of its object; wrap it in $all to combine it with other conditions");
                    }
                    JsonNode arg = node.get(op);
                    if (op.equals("$not")) {
                        return new Not(predicate(arg, depth + 1));
                    }
                    if (!arg.isArray()) {
                        throw new InputError("Invalid query: " + op + " takes an array of predicates");
                    }
                    List<FilterPredicate> parts = new ArrayList<>();
                    for (JsonNode part : arg) {
                        parts.add(predicate(part, depth + 1));
                    }
                    return op.equals("$all") ? new All(List.copyOf(parts)) : new Any(List.copyOf(parts));
                }
            }
            List<Field> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.startsWith("$")) {
                    throw new InputError("Invalid query: unknown operator " + key + "; supported are $all, $any and $not");
                }
                fields.add(new Field(key(key), matcher(key, e.getValue(), depth + 1)));
            }
            return new Fields(List.copyOf(fields));
        }

        private Matcher matcher(String key, JsonNode value, int depth) {
            count(depth);
            if (isPrimitive(value)) {
                return new Equals(text(value, key));
            }
            if (!value.isObject() || value.size() != 1) {
                throw new InputError("Invalid query value for field \"" + key + "\": expected a string, number or boolean, "
                        + "or one of {\"$exists\": bool}, {\"$in\": [..]}, {\"$hasPrefix\": \"..\"}, {\"$contains\": ..}; found " + describe(value));
            }
            String op = value.fieldNames().next();
            JsonNode arg = value.get(op);
            return switch (op) {
                case "$exists" -> {
                    if (!arg.isBoolean()) {
                        throw new InputError("Invalid query: $exists of field \"" + key + "\" takes true or false");
                    }
                    yield new Exists(arg.booleanValue());
                }
                case "$in" -> {
                    if (!arg.isArray()) {
                        throw new InputError("Invalid query: $in of field \"" + key + "\" takes an array of values");
                    }
                    List<String> values = new ArrayList<>();
                    for (JsonNode v : arg) {
                        count(depth + 1);
                        if (!isPrimitive(v)) {
                            throw new InputError("Invalid query: $in of field \"" + key + "\" takes strings, numbers or booleans");
                        }
                        values.add(text(v, key));
                    }
                    yield new In(List.copyOf(values));
                }
                case "$hasPrefix" -> {
                    if (!arg.isTextual()) {
                        throw new InputError("Invalid query: $hasPrefix of field \"" + key + "\" takes a string");
                    }
                    yield new HasPrefix(text(arg, key));
                }
                case "$contains" -> isPrimitive(arg) ? new Contains(new Value(text(arg, key))) : new Contains(predicate(arg, depth + 1));
                default -> throw new InputError("Invalid query: unknown matcher " + op + " for field \"" + key
                        + "\"; supported are $exists, $in, $hasPrefix and $contains");
            };
        }

        private void count(int depth) {
            if (depth > MAX_DEPTH) {
                throw new InputError("Invalid query: nested deeper than " + MAX_DEPTH + " levels");
            }
            if (++nodes > MAX_NODES) {
                throw new InputError("Invalid query: more than " + MAX_NODES + " conditions and values");
            }
        }

        private static String key(String key) {
            String k = InputError.noNul(key, "query key").trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
                throw new InputError("Invalid query key \"" + (k.length() > 40 ? k.substring(0, 40) + "…" : k)
                        + "\": keys are dot paths of 1 to " + MAX_KEY_LENGTH + " characters");
            }
            return k;
        }

        private static String text(JsonNode v, String key) {
            String s = InputError.noNul(v.asText(), "query value of \"" + key + "\"");
            if (s.length() > MAX_VALUE_LENGTH) {
                throw new InputError("Invalid query value of \"" + key + "\": longer than " + MAX_VALUE_LENGTH + " characters");
            }
            return s.toLowerCase(Locale.ROOT);
        }

        private static boolean isPrimitive(JsonNode v) {
            return v.isTextual() || v.isNumber() || v.isBoolean();
        }

        private static String describe(JsonNode v) {
            String s = v.toString();
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }
}
