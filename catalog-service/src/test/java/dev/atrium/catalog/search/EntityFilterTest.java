package dev.atrium.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.commons.error.InputError;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityFilterTest {

    @Test
    void commasAndStatementsRepeatedKeysOrValuesRepeatedParamsOr() {
        EntityFilter f = EntityFilter.parse(List.of("kind=Component,spec.type=service,kind=API", "metadata.name"));
        assertEquals(2, f.anyOf().size());
        assertEquals(new EntityFilter.Statement("kind", List.of("component", "api")), f.anyOf().get(0).get(0));
        assertEquals(new EntityFilter.Statement("spec.type", List.of("service")), f.anyOf().get(0).get(1));
        assertTrue(f.anyOf().get(1).get(0).exists());
    }

    @Test
    void emptyValueIsAnEqualityOnEmptyString() {
        EntityFilter f = EntityFilter.parse(List.of("spec.owner="));
        assertEquals(List.of(""), f.anyOf().get(0).get(0).values());
    }

    @Test
    void emptyKeyIsRejected() {
        InputError e = assertThrows(InputError.class, () -> EntityFilter.parse(List.of("kind=a,=b")));
        assertTrue(e.getMessage().contains("is not a valid statement"));
    }

    @Test
    void plannerUsesColumnsRelationsAndSearchTable() {
        SqlFragment sql = QueryPlanner.where(EntityFilter.parse(List.of("kind=component,relations.ownedBy=group:default/a,spec.type")));
        assertTrue(sql.sql().contains("e.kind = ?"), sql.sql());
        assertTrue(sql.sql().contains("FROM relations r WHERE lower(r.type) = ?"), sql.sql());
        assertTrue(sql.sql().contains("FROM search s WHERE s.key = ?)"), sql.sql());
        assertEquals(4, sql.params().size());
        SqlFragment several = QueryPlanner.where(EntityFilter.parse(List.of("kind=component,kind=api")));
        assertTrue(several.sql().contains("e.kind = ANY(?)"), several.sql());
    }

    @Test
    void fullTextEscapesLikeWildcards() {
        SqlFragment sql = QueryPlanner.fullText("50%_off", List.of("metadata.name"));
        assertEquals("%50\\%\\_off%", sql.params().get(1));
    }

    @Test
    void searchIndexerFlattensLikeBackstage() throws Exception {
        var entity = new ObjectMapper().readTree("""
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
                 "metadata":{"name":"A","tags":["Java","x"],"etag":"e","description":"%s"},
                 "spec":{"owner":"Team-A","nested":{"n":1}},"relations":[{"type":"ownedBy"}],"status":{}}""".formatted("d".repeat(250)));
        List<SearchIndexer.Row> rows = SearchIndexer.rows(entity);
        assertTrue(rows.contains(new SearchIndexer.Row("kind", "component", "Component")));
        assertTrue(rows.contains(new SearchIndexer.Row("metadata.tags", "java", "Java")));
        assertTrue(rows.contains(new SearchIndexer.Row("metadata.tags.java", "true", "true")));
        assertTrue(rows.contains(new SearchIndexer.Row("spec.nested.n", "1", "1")));
        assertTrue(rows.contains(new SearchIndexer.Row("metadata.namespace", "default", "default")));
        assertTrue(rows.contains(new SearchIndexer.Row("metadata.description", null, null)));
        assertTrue(rows.stream().noneMatch(r -> r.key().startsWith("relations") || r.key().startsWith("status") || r.key().equals("metadata.etag")));
    }
}
