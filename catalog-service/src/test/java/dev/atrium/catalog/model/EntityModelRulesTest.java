package dev.atrium.catalog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.catalog.ref.EntityRef;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Entity refs and envelope validation follow Backstage's rules. */
class EntityModelRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsesRefsWithDefaults() {
        assertEquals("component:default/a", EntityRef.parse("component:a").canonical());
        assertEquals("group:ns/team", EntityRef.parse("ns/team", "Group", "default").canonical());
        assertEquals("group:default/team", EntityRef.parse("team", "Group", "default").canonical());
        assertEquals("api:other/x", EntityRef.parse("API:Other/X").canonical());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":a", "kind:/a", "kind:ns/", "noKind"})
    void rejectsMalformedRefs(String ref) {
        assertThrows(InputError.class, () -> EntityRef.parse(ref));
    }

    private static List<FieldError> validate(String json) throws Exception {
        return EnvelopeValidator.validate(JSON.readTree(json), false);
    }

    @Test
    void acceptsAValidEnvelope() throws Exception {
        assertEquals(List.of(), validate("""
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"my_svc.v2","namespace":"team-a",
                 "labels":{"acme.com/tier":"gold"},"annotations":{"backstage.io/techdocs-ref":"dir:."},"tags":["c++","java"],
                 "links":[{"url":"https://x.example.com","title":"X"}]},"spec":{}}"""));
    }

    @Test
    void reportsEachEnvelopeProblem() throws Exception {
        List<FieldError> errors = validate("""
                {"apiVersion":"no way","kind":"1Bad","metadata":{"name":"-x-","namespace":"Upper","uid":"u",
                 "labels":{"bad key!":"v"},"tags":["UPPER"],"links":[{"url":"not a url"}]},"spec":[],"extra":1}""");
        List<String> fields = errors.stream().map(FieldError::field).toList();
        for (String f : List.of("apiVersion", "kind", "metadata.name", "metadata.namespace", "metadata.uid",
                "metadata.labels.bad key!", "metadata.tags", "metadata.links[0].url", "spec", "extra")) {
            assertTrue(fields.contains(f), f + " missing from " + fields);
        }
    }

    @Test
    void labelAndAnnotationKeysAllowDnsPrefixes() {
        assertTrue(EnvelopeValidator.validKey("backstage.io/managed-by-location"));
        assertTrue(EnvelopeValidator.validKey("simple"));
        assertTrue(!EnvelopeValidator.validKey("/x") && !EnvelopeValidator.validKey("Bad_Prefix/x") && !EnvelopeValidator.validKey("a/"));
    }
}
