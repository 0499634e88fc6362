package dev.atrium.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Requests shaped like the ones a catalog page sends, with values taken from the generated entities so that every
 * filter matches something: a team's components, a tag within a kind, a lifecycle, {@code spec.type} combined with
 * {@code kind}, and compounds of those; plus full-text terms taken from entity names. Each scenario gets its own
 * list of distinct filters, and filters an earlier list of the same run used are left out, so the first request
 * with each filter is a first for the service too (nothing cached for it).
 */
final class UserQueries {

    /** First pages of filtered, ordered queries with {@code totalItems}. */
    static final String FILTERED_QUERY = "filtered-query";
    /** {@code totalItems} of filtered queries ({@code limit=0}). */
    static final String FILTERED_COUNT = "filtered-count";
    /** Facets of a catalog page's side bar, restricted by the page's filter. */
    static final String FILTERED_FACETS = "filtered-facets";
    /** Substring search in names, titles and descriptions, alone and within a kind. */
    static final String FULL_TEXT = "full-text";
    /** The scenarios this class builds, in the order they run. */
    static final List<String> SCENARIOS = List.of(FILTERED_QUERY, FILTERED_COUNT, FILTERED_FACETS, FULL_TEXT);
    /** Suffix of the result of a scenario's first pass, where every request is a first. */
    static final String COLD = ":cold";
    /** Suffix of the result of a scenario's timed pass over the same requests again. */
    static final String WARM = ":warm";
    /** Facets the filtered-facets scenario asks for, as a catalog page's filter side bar does. */
    static final List<String> SIDEBAR_FACETS = List.of("spec.lifecycle", "spec.type", "metadata.tags", "spec.owner");

    private static final int ATTEMPTS_PER_FILTER = 50;

    private final CatalogGenerator catalog;
    private final Set<String> used = new LinkedHashSet<>();

    UserQueries(CatalogGenerator catalog) {
        this.catalog = catalog;
    }

    /**
     * Up to {@code n} distinct filters (Backstage {@code filter} values, {@code key=value} pairs joined by commas) none
     * of which an earlier call returned. Fewer when the catalog has not that many distinct combinations.
     */
    List<String> filters(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < n && attempts++ < n * ATTEMPTS_PER_FILTER) {
            String f = filter(attempts, r);
            if (f != null && used.add(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Up to {@code n} distinct full-text terms (parts of entity names), none returned before. */
    List<String> terms(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < n && attempts++ < n * ATTEMPTS_PER_FILTER) {
            String[] parts = name(entity(r)).split("-");
            String word = parts[r.nextInt(parts.length)];
            if (word.length() < 3 || word.chars().allMatch(Character::isDigit)) {
                continue;
            }
            // a prefix of a word, as typed into a search box
            String term = word.substring(0, Math.max(3, word.length() - r.nextInt(3)));
            String request = (out.size() % 2 == 0 ? "" : "kind=" + kind(entity(r)) + "|") + term;
            if (used.add("text:" + request)) {
                out.add(request);
            }
        }
        return out;
    }

    /** The request path (relative to the API base) of {@code scenario} for one filter or term. */
    static String path(String scenario, String filterOrTerm) {
        return switch (scenario) {
            case FILTERED_QUERY -> "/entities/by-query?filter=" + encode(filterOrTerm) + "&limit=20&orderField="
                    + encode("metadata.name,asc");
            case FILTERED_COUNT -> "/entities/by-query?filter=" + encode(filterOrTerm) + "&limit=0";
            case FILTERED_FACETS -> {
                StringBuilder b = new StringBuilder("/entity-facets?filter=").append(encode(filterOrTerm));
                SIDEBAR_FACETS.forEach(f -> b.append("&facet=").append(encode(f)));
                yield b.toString();
            }
            case FULL_TEXT -> {
                int bar = filterOrTerm.indexOf('|');
                String kind = bar < 0 ? null : filterOrTerm.substring(0, bar);
                String term = filterOrTerm.substring(bar + 1);
                yield "/entities/by-query?" + (kind == null ? "" : "filter=" + encode(kind) + "&")
                        + "fullTextFilterTerm=" + encode(term) + "&limit=20";
            }
            default -> throw new IllegalArgumentException("not a user-query scenario: " + scenario);
        };
    }

    /** The filters or terms for {@code scenario}. */
    List<String> inputs(String scenario, int n, long seed) {
        return scenario.equals(FULL_TEXT) ? terms(n, seed) : filters(n, seed);
    }

    // ---- filter shapes ------------------------------------------------------------------------------------------

    private String filter(int i, SplittableRandom r) {
        Map<String, Object> e = entity(r);
        String kind = kind(e);
        Map<?, ?> spec = map(e.get("spec"));
        Map<?, ?> metadata = map(e.get("metadata"));
        String owner = text(spec.get("owner"));
        String type = text(spec.get("type"));
        String lifecycle = text(spec.get("lifecycle"));
        String tag = pick(metadata.get("tags"), r);
        return switch (i % 8) {
            // a team's components (the "owned by my team" page)
            case 0 -> owner == null ? null : "kind=" + kind + ",spec.owner=" + owner;
            // a team's services
            case 1 -> owner == null || type == null ? null : "kind=" + kind + ",spec.type=" + type + ",spec.owner=" + owner;
            // a tag within a kind
            case 2 -> tag == null ? null : "kind=" + kind + ",metadata.tags=" + tag;
            // a lifecycle within a kind
            case 3 -> lifecycle == null ? null : "kind=" + kind + ",spec.lifecycle=" + lifecycle;
            // spec.type within a kind
            case 4 -> type == null ? null : "kind=" + kind + ",spec.type=" + type;
            // compound: type, lifecycle and tag
            case 5 -> type == null || lifecycle == null || tag == null ? null
                    : "kind=" + kind + ",spec.type=" + type + ",spec.lifecycle=" + lifecycle + ",metadata.tags=" + tag;
            // everything a team owns, of any kind
            case 6 -> owner == null ? null : "spec.owner=" + owner;
            // a team's production entities with a tag
            default -> owner == null || lifecycle == null || tag == null ? null
                    : "kind=" + kind + ",spec.lifecycle=" + lifecycle + ",spec.owner=" + owner + ",metadata.tags=" + tag;
        };
    }

    private Map<String, Object> entity(SplittableRandom r) {
        return catalog.entity(r.nextInt(catalog.size()));
    }

    private static String kind(Map<String, Object> e) {
        return String.valueOf(e.get("kind")).toLowerCase(Locale.ROOT);
    }

    private static String name(Map<String, Object> e) {
        return String.valueOf(map(e.get("metadata")).get("name"));
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }

    private static String pick(Object list, SplittableRandom r) {
        if (list instanceof List<?> l && !l.isEmpty()) {
            return text(l.get(r.nextInt(l.size())));
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
