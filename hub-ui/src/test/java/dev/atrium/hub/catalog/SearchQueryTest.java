package dev.atrium.hub.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.hub.web.BadInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void facetsBecomeOneFilterStatementAndTagsMustAllMatch() {
        SearchQuery q = SearchQuery.parse(" pay ", "Component", "service", "payments-team", "production", List.of("java", "quarkus"), null, 200);

        assertEquals("pay", q.text());
        assertEquals(List.of("kind=component,spec.type=service,relations.ownedBy=group:default/payments-team,spec.lifecycle=production,"
                + "metadata.tags.java=true,metadata.tags.quarkus=true"), q.filter());
        assertEquals("/catalog?q=pay&kind=component&type=service&owner=payments-team&lifecycle=production&tag=java&tag=quarkus", q.href(null));
    }

    @Test
    void ownersAreFilteredByRelationSoEveryWayOfWritingOneOwnerIsTheSame() {
        assertEquals("group:default/payments-team", SearchQuery.ownerRef("payments-team"));
        assertEquals("group:default/payments-team", SearchQuery.ownerRef("Group:default/Payments-Team"));
        assertEquals("user:default/alice", SearchQuery.ownerRef("user:alice"));
        assertEquals("group:ops/sre", SearchQuery.ownerRef("group:ops/sre"));
        assertEquals("payments-team", SearchQuery.ownerLabel("group:default/payments-team"));
        assertEquals("user:default/alice", SearchQuery.ownerLabel("user:default/alice"));
        SearchQuery byShortName = SearchQuery.parse("", null, null, "payments-team", null, List.of(), null, 200);
        SearchQuery byRef = SearchQuery.parse("", null, null, "group:default/payments-team", null, List.of(), null, 200);
        assertEquals(byShortName.filter(), byRef.filter());
        assertTrue(byShortName.chosen("relations.ownedBy", "group:default/payments-team"));
    }

    @Test
    void filterSyntaxCannotBeSmuggledThroughAFacet() {
        assertThrows(BadInput.class, () -> SearchQuery.parse("", "component,kind=group", null, null, null, List.of(), null, 200));
        assertThrows(BadInput.class, () -> SearchQuery.parse("", null, "a=b", null, null, List.of(), null, 200));
        assertThrows(BadInput.class, () -> SearchQuery.parse("", null, null, null, null, List.of("x y"), null, 200));
    }

    @Test
    void boundsTextTagsAndCursor() {
        assertThrows(BadInput.class, () -> SearchQuery.parse("x".repeat(201), null, null, null, null, List.of(), null, 200));
        assertThrows(BadInput.class, () -> SearchQuery.parse("", null, null, null, null,
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"), null, 200));
        assertThrows(BadInput.class, () -> SearchQuery.parse("", null, null, null, null, List.of(), "<script>", 200));
        assertEquals("eyJ0IjoxfQ", SearchQuery.parse("", null, null, null, null, List.of(), "eyJ0IjoxfQ", 200).cursor());
    }

    @Test
    void entityRefsParseWithDefaultsAndRejectJunk() {
        assertEquals("group:default/payments-team", EntityRef.parse("payments-team", "group").toString());
        assertEquals("aimodel:default/code-llm", EntityRef.parse("AIModel:default/code-llm", null).toString());
        assertEquals(null, EntityRef.parse("<script>", "group"));
        assertEquals(null, EntityRef.parse("a/b/c", "group"));
        assertEquals("/catalog/component/ns-1/my.svc", EntityRef.parse("component:ns-1/my.svc", null).href());
    }
}
