package dev.atrium.hub.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaFormTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static SchemaForm form(String steps) throws Exception {
        return SchemaForm.parse(JSON.readTree("{\"title\":\"T\",\"steps\":" + steps + "}"));
    }

    @Test
    void readsFieldKindsFromTheSchemaAndUiFields() throws Exception {
        SchemaForm f = form("""
                [{"title":"P1","schema":{"required":["a"],"properties":{
                  "a":{"type":"string","pattern":"^[a-z]+$"},
                  "b":{"type":"string","ui:widget":"textarea"},
                  "c":{"type":"string","enum":["x","y"],"enumNames":["Ex","Why"]},
                  "d":{"type":"integer","minimum":1},
                  "e":{"type":"boolean","default":true},
                  "f":{"type":"array","items":{"type":"string","enum":["k","l"]}},
                  "g":{"type":"string","ui:field":"OwnerPicker"},
                  "h":{"type":"string","ui:field":"EntityPicker","ui:options":{"catalogFilter":{"kind":"AIModel","spec.lifecycle":["production","experimental"]}}},
                  "i":{"type":"string","ui:field":"RepoUrlPicker","ui:options":{"allowedHosts":["git.example.com"]}},
                  "j":{"type":"object"}}}}]""");

        var kinds = f.fields().stream().map(SchemaForm.Field::kind).toList();
        assertEquals(List.of(SchemaForm.Kind.TEXT, SchemaForm.Kind.TEXTAREA, SchemaForm.Kind.SELECT, SchemaForm.Kind.INTEGER,
                SchemaForm.Kind.BOOLEAN, SchemaForm.Kind.MULTI, SchemaForm.Kind.OWNER, SchemaForm.Kind.ENTITY, SchemaForm.Kind.REPO_URL,
                SchemaForm.Kind.UNSUPPORTED), kinds);
        assertTrue(f.fields().get(0).required());
        assertEquals("Why", f.fields().get(2).options().get(1).label());
        assertEquals(List.of("kind=aimodel,spec.lifecycle=production,spec.lifecycle=experimental"),
                SchemaForm.catalogFilters(f.fields().get(7), "component"));
        assertEquals(List.of("kind=group"), SchemaForm.catalogFilters(f.fields().get(6), "group"));
        assertEquals("true", f.initial().get(0).fields().get(4).value());
    }

    @Test
    void aMissingPageTitleGetsTheBackstageDefault() throws Exception {
        SchemaForm f = form("[{\"schema\":{\"properties\":{}}}]");
        assertEquals("Please enter the following information", f.pages().get(0).title());
    }

    @Test
    void typesValuesAndReportsEveryErrorAtItsField() throws Exception {
        SchemaForm f = form("""
                [{"schema":{"required":["name","n"],"properties":{
                  "name":{"type":"string","pattern":"^[a-z]+$","minLength":3,"maxLength":8},
                  "n":{"type":"integer","minimum":1,"maximum":5},
                  "x":{"type":"number"},
                  "flag":{"type":"boolean"},
                  "tags":{"type":"array","items":{"enum":["a","b"]}},
                  "opt":{"type":"string"}}}}]""");

        var ok = f.read(Map.of("p.name", List.of("abcd"), "p.n", List.of("3"), "p.x", List.of("1.5"), "p.tags", List.of("a", "b", "a")));
        assertTrue(ok.valid(), ok.errors().toString());
        assertEquals("{\"name\":\"abcd\",\"n\":3,\"x\":1.5,\"flag\":false,\"tags\":[\"a\",\"b\"]}", ok.values().toString());

        var bad = f.read(Map.of("p.name", List.of("AB"), "p.n", List.of("9"), "p.x", List.of("NaN"), "p.tags", List.of("z")));
        assertEquals(Map.of("name", "Enter at least 3 characters.", "n", "Enter 5 or less.", "x", "Enter a number.", "tags", "Choose from the list."),
                bad.errors());
        var missing = f.read(Map.of());
        assertEquals(Map.of("name", "This is required.", "n", "This is required."), missing.errors());
        assertFalse(missing.values().has("opt"), "an empty optional field is left out");
    }

    @Test
    void patternIsCheckedAndOversizeValuesRefused() throws Exception {
        SchemaForm f = form("[{\"schema\":{\"properties\":{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"},\"free\":{\"type\":\"string\"}}}}]");

        assertEquals("This does not have the expected form.", f.read(Map.of("p.name", List.of("A1"))).errors().get("name"));
        assertEquals("This is too long.", f.read(Map.of("p.free", List.of("x".repeat(SchemaForm.MAX_VALUE + 1)))).errors().get("free"));
    }

    @Test
    void pickersOnlyTakeTheirOptionsOnceLoaded() throws Exception {
        SchemaForm f = form("[{\"schema\":{\"properties\":{\"owner\":{\"type\":\"string\",\"ui:field\":\"OwnerPicker\"}}}}]")
                .withOptions(Map.of("owner", List.of(new SchemaForm.Option("group:default/a", "A"))));

        assertTrue(f.read(Map.of("p.owner", List.of("group:default/a"))).valid());
        assertEquals("Choose from the list.", f.read(Map.of("p.owner", List.of("group:default/b"))).errors().get("owner"));
    }

    @Test
    void repoUrlIsBuiltFromItsPartsAndChecked() throws Exception {
        SchemaForm f = form("""
                [{"schema":{"required":["repoUrl"],"properties":{"repoUrl":{"type":"string","ui:field":"RepoUrlPicker","ui:options":{"allowedHosts":["git.example.com"]}}}}}]""");

        var ok = f.read(Map.of("p.repoUrl.host", List.of("git.example.com"), "p.repoUrl.owner", List.of("team"), "p.repoUrl.repo", List.of("svc")));
        assertEquals("git.example.com?owner=team&repo=svc", ok.values().path("repoUrl").asText());
        assertEquals("Choose one of the allowed hosts.", f.read(Map.of("p.repoUrl.host", List.of("evil.com"), "p.repoUrl.owner", List.of("t"),
                "p.repoUrl.repo", List.of("r"))).errors().get("repoUrl"));
        assertTrue(f.read(Map.of("p.repoUrl.host", List.of("git.example.com"), "p.repoUrl.owner", List.of("t&x=1"),
                "p.repoUrl.repo", List.of("r"))).errors().containsKey("repoUrl"), "no query injection through the owner");
    }
}
