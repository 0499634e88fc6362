package dev.atrium.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import db.migration.V11__Fill_search_columns;
import dev.atrium.catalog.store.Database;
import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

/**
 * Counts and facets over {@code search_columns} (decision 0030) equal those over the search table for every filter
 * shape, through adds, changes and removals; an irregular entity makes them fall back to the search table, and the
 * answers stay the same.
 */
@QuarkusTest
class SearchColumnsTest extends CatalogTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FACETS = List.copyOf(SearchColumns.keys());

    @Inject
    SearchRepository search;

    /** Classic filters ({@code GET ?filter=}), each one request's filter parameters. */
    private static final List<List<String>> FILTERS = List.of(
            List.of("kind=component"),
            List.of("kind=component,spec.type=service"),
            List.of("kind=COMPONENT,spec.type=SERVICE"),
            List.of("spec.type=service,spec.type=website"),
            List.of("metadata.tags=java"),
            List.of("kind=component,metadata.tags=go,spec.lifecycle=production"),
            List.of("spec.lifecycle"),
            List.of("metadata.tags"),
            List.of("kind=component,spec.owner=group:default/columns-team"),
            List.of("spec.owner=group:default/payments-team"),
            List.of("spec.system=columns-sys"),
            List.of("spec.domain=columns-domain"),
            List.of("kind=system", "kind=domain"),
            List.of("metadata.namespace=default,kind=api"),
            List.of("spec.profile.email"),
            List.of("kind=user,spec.profile.email"),
            List.of("metadata.annotations.atrium.dev/columns=yes"),
            List.of("kind=component,metadata.name=columns-upper"));

    /** Filter predicates ({@code POST /entities/by-query} and facets). */
    private static final List<String> PREDICATES = List.of(
            "{\"$not\": {\"spec.lifecycle\": \"production\"}}",
            "{\"$not\": {\"metadata.tags\": {\"$exists\": true}}}",
            "{\"$not\": {\"spec.type\": {\"$in\": [\"service\", \"website\"]}}}",
            "{\"spec.type\": {\"$hasPrefix\": \"ser\"}}",
            "{\"$not\": {\"spec.owner\": {\"$hasPrefix\": \"group:default/col\"}}}",
            "{\"metadata.tags\": {\"$hasPrefix\": \"ja\"}}",
            "{\"$not\": {\"metadata.tags\": {\"$hasPrefix\": \"ja\"}}}",
            "{\"metadata.tags\": {\"$contains\": \"go\"}}",
            "{\"$any\": [{\"kind\": \"api\"}, {\"spec.lifecycle\": \"experimental\"}]}",
            "{\"$all\": [{\"kind\": \"component\"}, {\"$not\": {\"spec.system\": {\"$exists\": true}}}]}",
            "{\"kind\": \"component\", \"spec.type\": {\"$in\": []}}",
            "{\"metadata.name\": {\"$hasPrefix\": \"columns-\"}}",
            "{\"$not\": {\"metadata.uid\": {\"$exists\": true}}}",
            "{\"metadata.annotations.atrium.dev/columns\": {\"$exists\": true}}");

    private static final String ENTITIES = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: columns-upper
              tags: [java, go]
              annotations:
                atrium.dev/columns: "yes"
            spec:
              type: Service
              lifecycle: Production
              owner: group:default/Columns-Team
              system: Columns-Sys
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: columns-bare
            spec:
              type: website
              lifecycle: experimental
              owner: group:default/columns-team
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: columns-tagged
              tags: [go, rust]
            spec:
              type: library
              lifecycle: production
              owner: group:default/columns-team
              system: columns-sys
            ---
            apiVersion: backstage.io/v1alpha1
            kind: System
            metadata:
              name: columns-sys
            spec:
              owner: group:default/columns-team
              domain: Columns-Domain
            """;

    @Test
    void columnsAnswerLikeTheSearchTable() throws Exception {
        ensureFixtureCatalog();
        Path file = writeCatalog(ENTITIES);
        String location = register(admin(), file);
        settle();
        assertEquals(0, irregular(), "the fixture and these entities are regular");
        assertEquals(count("SELECT count(*) FROM entities"), count("SELECT count(*) FROM search_columns"), "a row per entity");
        assertSameAnswers("after the add");

        rewrite(file, ENTITIES.replace("type: Service", "type: WEBSITE").replace("[java, go]", "[rust]")
                .replace("lifecycle: experimental", "lifecycle: deprecated"));
        refreshAll();
        assertSameAnswers("after a change");
        assertEquals(1L, columnFacets(List.of("kind=component,metadata.tags=rust"), "spec.type").get("WEBSITE"));
        assertBackfillMatches();

        as(admin()).delete("/api/catalog/locations/" + location).then().statusCode(204);
        settle();
        assertEquals(count("SELECT count(*) FROM entities"), count("SELECT count(*) FROM search_columns"), "removed with the entities");
        assertSameAnswers("after the removal");
    }

    @Test
    void anIrregularEntityMakesTheSearchTableAnswer() throws Exception {
        ensureFixtureCatalog();
        Path file = writeCatalog("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: %s
                  lifecycle: production
                  owner: group:default/columns-team
                """.formatted(unique("columns-long-type"), "s".repeat(SearchIndexer.MAX_VALUE_LENGTH + 1)));
        String location = register(admin(), file);
        settle();
        try {
            assertEquals(1, irregular(), "a value too long for the search table");
            EntityFilter filter = EntityFilter.parse(List.of("kind=component,spec.lifecycle=production"));
            assertTrue(search.countOverColumns(QueryPlanner.columnsWhere(filter).orElseThrow()).isEmpty());
            assertTrue(search.columnValueCounts(FACETS, QueryPlanner.columnsWhere(filter).orElseThrow()).isEmpty());
            int total = as(alice()).get("/api/catalog/entities/by-query?limit=1&filter=kind=component,spec.lifecycle=production")
                    .then().statusCode(200).extract().path("totalItems");
            assertEquals(eavCount(QueryPlanner.where(filter)), total, "counted from the search table");
            Map<?, ?> facets = as(alice()).get("/api/catalog/entity-facets?facet=spec.type&filter=kind=component,spec.lifecycle=production")
                    .then().statusCode(200).extract().path("facets");
            assertEquals(eavFacets(QueryPlanner.where(filter), "spec.type").values().stream().mapToLong(Long::longValue).sum(),
                    ((List<?>) facets.get("spec.type")).stream().mapToLong(v -> ((Number) ((Map<?, ?>) v).get("count")).longValue()).sum());
        } finally {
            as(admin()).delete("/api/catalog/locations/" + location).then().statusCode(204);
            settle();
        }
        assertEquals(0, irregular());
    }

    @Test
    void relationFiltersAreNotWrittenOverTheColumns() throws Exception {
        assertTrue(QueryPlanner.columnsWhere(EntityFilter.parse(List.of("kind=component,relations.ownedby=group:default/x"))).isEmpty());
        assertTrue(QueryPlanner.columnsWhere(FilterPredicate.parse(JSON.readTree(
                "{\"relations\": {\"$contains\": {\"type\": \"ownedBy\", \"targetRef\": \"group:default/x\"}}}"))).isEmpty());
        assertTrue(QueryPlanner.columnsWhere(EntityFilter.parse(List.of("kind=component,spec.owner=x"))).isPresent());
    }

    private void refreshAll() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE refresh_state SET next_update_at = now()");
        }
        settle();
    }

    private void assertSameAnswers(String when) throws Exception {
        List<SqlFragment[]> selections = new ArrayList<>();
        for (List<String> f : FILTERS) {
            EntityFilter filter = EntityFilter.parse(f);
            selections.add(new SqlFragment[] {QueryPlanner.where(filter), QueryPlanner.columnsWhere(filter).orElseThrow()});
        }
        for (String p : PREDICATES) {
            FilterPredicate predicate = FilterPredicate.parse(JSON.readTree(p));
            selections.add(new SqlFragment[] {QueryPlanner.where(predicate), QueryPlanner.columnsWhere(predicate).orElseThrow()});
        }
        boolean someMatch = false;
        for (SqlFragment[] s : selections) {
            long expected = eavCount(s[0]);
            someMatch |= expected > 0;
            assertEquals(expected, search.countOverColumns(s[1]).orElseThrow(), when + ": count of " + s[0].sql());
            Map<String, List<Object[]>> columns = search.columnValueCounts(FACETS, s[1]).orElseThrow();
            Map<String, List<Object[]>> rows = search.valueCounts(FACETS, s[0]);
            for (String key : FACETS) {
                assertEquals(sorted(rows.get(key)), sorted(columns.get(key)), when + ": facet " + key + " of " + s[0].sql());
            }
        }
        assertTrue(someMatch);
    }

    private Map<String, Long> columnFacets(List<String> filter, String key) {
        SqlFragment where = QueryPlanner.columnsWhere(EntityFilter.parse(filter)).orElseThrow();
        return sorted(search.columnValueCounts(List.of(key), where).orElseThrow().get(key));
    }

    private Map<String, Long> eavFacets(SqlFragment where, String key) {
        return sorted(search.valueCounts(List.of(key), where).get(key));
    }

    private static Map<String, Long> sorted(List<Object[]> pairs) {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] pair : pairs) {
            assertFalse(out.containsKey((String) pair[0]), "one pair per value");
            out.put((String) pair[0], (Long) pair[1]);
        }
        return out;
    }

    /** The rows the migration's back-fill (V11) derives for every entity are the rows the writer left. */
    private void assertBackfillMatches() throws Exception {
        String snapshot = "SELECT string_agg(c::text, E'\\n' ORDER BY entity_id) FROM search_columns c";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                String written = single(s, snapshot);
                s.executeUpdate("DELETE FROM search_columns");
                new V11__Fill_search_columns().migrate(new FlywayContext(c));
                assertEquals(written, single(s, snapshot));
            } finally {
                c.rollback();
            }
        }
    }

    /** The part of Flyway's migration context the back-fill uses. */
    private record FlywayContext(Connection connection) implements Context {
        @Override
        public Configuration getConfiguration() {
            return null;
        }

        @Override
        public Connection getConnection() {
            return connection;
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long eavCount(SqlFragment where) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = Database.prepare(c, "SELECT count(*) FROM entities e WHERE " + where.sql(), where.params());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int irregular() throws SQLException {
        return (int) count("SELECT count(*) FROM search_columns WHERE irregular");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
