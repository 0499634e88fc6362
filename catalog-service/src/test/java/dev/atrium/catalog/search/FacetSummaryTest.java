package dev.atrium.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The kept facet counts always equal a full grouping of the search table, through adds, changes and removals. */
@QuarkusTest
class FacetSummaryTest extends CatalogTestSupport {
    private static final List<String> KEYS = List.of("kind", "spec.type", "spec.lifecycle", "metadata.tags", "spec.owner");

    @Inject
    FacetSummary summary;

    private Map<String, Long> grouped(String key) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT original_value, count(*) FROM search WHERE key = ? AND value IS NOT NULL GROUP BY original_value")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private Map<String, Long> kept(String key) {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] pair : summary.counts(key)) {
            out.put((String) pair[0], (Long) pair[1]);
        }
        return out;
    }

    private void assertConsistent() throws SQLException {
        for (String key : KEYS) {
            assertTrue(summary.covers(key), key);
            assertEquals(grouped(key), kept(key), "facet counts of " + key);
        }
        for (String kind : List.of("component", "group", "location")) {
            EntityFilter filter = EntityFilter.parse(List.of("kind=" + kind.toUpperCase()));
            int counted = as(alice()).get("/api/catalog/entities/by-query?limit=1&filter=kind=" + kind + "&fullTextFilterTerm=")
                    .then().statusCode(200).extract().path("totalItems");
            assertEquals(counted, summary.count(filter).orElseThrow(), "entities of kind " + kind);
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM entities WHERE kind = ?")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(rs.getLong(1), counted, "totalItems of kind " + kind);
                }
            }
        }
        assertTrue(summary.count(EntityFilter.parse(List.of("spec.type=service"))).isEmpty(), "multi-valued fields are counted by the query");
    }

    @Test
    void countsFollowEveryChange() throws Exception {
        ensureFixtureCatalog();
        assertConsistent();

        String name = unique("facetted");
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                  tags: [facet-one, facet-two]
                spec:
                  type: rare-facet-type
                  lifecycle: experimental
                  owner: group:default/payments-team
                """.formatted(name);
        Path file = writeCatalog(yaml);
        String location = register(alice(), file);
        settle();
        assertConsistent();
        assertEquals(1L, kept("spec.type").get("rare-facet-type"));

        rewrite(file, yaml.replace("rare-facet-type", "other-rare-type").replace("facet-two", "facet-three"));
        as(admin()).body("{\"entityRef\":\"component:default/" + name + "\"}").post("/api/catalog/refresh").then().statusCode(200);
        settle();
        assertConsistent();
        assertEquals(null, kept("spec.type").get("rare-facet-type"));

        Map<?, ?> facets = as(alice()).get("/api/catalog/entity-facets?facet=spec.type").then().statusCode(200).extract().path("facets");
        assertTrue(facets.toString().contains("other-rare-type"), facets.toString());

        as(alice()).delete("/api/catalog/locations/" + location).then().statusCode(204);
        settle();
        assertConsistent();
        assertEquals(null, kept("spec.type").get("other-rare-type"));
    }
}
