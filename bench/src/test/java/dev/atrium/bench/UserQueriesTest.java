package dev.atrium.bench;

import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user-query scenarios send distinct, realistic filters that match generated entities. */
class UserQueriesTest {

    private static final CatalogGenerator CATALOG = new CatalogGenerator(2_000, 42);

    @Test
    void filtersAreDistinctAcrossScenariosAndCoverEveryShape() {
        UserQueries queries = new UserQueries(CATALOG);
        List<String> first = queries.filters(80, 1);
        List<String> second = queries.filters(80, 2);
        assertEquals(80, first.size());
        assertEquals(80, new HashSet<>(first).size());
        Set<String> both = new HashSet<>(first);
        both.retainAll(second);
        assertTrue(both.isEmpty(), "a later list repeats no filter: " + both);
        String all = String.join(" ", first);
        for (String key : List.of("spec.owner=", "metadata.tags=", "spec.lifecycle=", "spec.type=")) {
            assertTrue(all.contains(key), key + " in " + all);
        }
        assertTrue(first.stream().anyMatch(f -> f.split(",").length >= 4), "compound filters");
        assertTrue(first.stream().anyMatch(f -> !f.contains("kind=")), "filters across kinds");
    }

    @Test
    void everyFilterMatchesAtLeastOneGeneratedEntity() {
        List<Map<String, Object>> entities = CATALOG.entities().toList();
        for (String filter : new UserQueries(CATALOG).filters(60, 3)) {
            boolean matched = entities.stream().anyMatch(e -> matches(e, filter));
            assertTrue(matched, "no generated entity matches " + filter);
        }
    }

    @Test
    void termsAreWordPrefixesAndHalfOfThemAreWithinAKind() {
        List<String> terms = new UserQueries(CATALOG).terms(40, 4);
        assertEquals(40, terms.size());
        assertTrue(terms.stream().filter(t -> t.startsWith("kind=")).count() >= 15, terms.toString());
        String path = UserQueries.path(UserQueries.FULL_TEXT, "kind=api|ledg");
        assertEquals("/entities/by-query?filter=kind%3Dapi&fullTextFilterTerm=ledg&limit=20", path);
    }

    @Test
    void pathsCarryTheFilterAndTheSidebarFacets() {
        String facets = UserQueries.path(UserQueries.FILTERED_FACETS, "kind=component,spec.owner=group:team-a");
        assertEquals("kind=component,spec.owner=group:team-a", URLDecoder.decode(
                facets.substring(facets.indexOf('=') + 1, facets.indexOf('&')), StandardCharsets.UTF_8));
        assertEquals(UserQueries.SIDEBAR_FACETS.size(), facets.split("&facet=").length - 1);
        assertTrue(UserQueries.path(UserQueries.FILTERED_COUNT, "kind=api").endsWith("&limit=0"));
        assertTrue(UserQueries.path(UserQueries.FILTERED_QUERY, "kind=api").contains("orderField=metadata.name%2Casc"));
    }

    /** Backstage filter semantics for what the generator writes: every key=value must hold (lists: any element). */
    private static boolean matches(Map<String, Object> entity, String filter) {
        for (String part : filter.split(",")) {
            String[] kv = part.split("=", 2);
            Object v = switch (kv[0]) {
                case "kind" -> entity.get("kind");
                case "metadata.tags" -> ((Map<?, ?>) entity.get("metadata")).get("tags");
                default -> ((Map<?, ?>) entity.get("spec")).get(kv[0].substring("spec.".length()));
            };
            boolean ok = v instanceof List<?> l ? l.stream().anyMatch(x -> eq(x, kv[1])) : eq(v, kv[1]);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean eq(Object v, String expected) {
        return v != null && v.toString().toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT));
    }
}
