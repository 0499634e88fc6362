package dev.atrium.catalog.location;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.atrium.catalog.support.CatalogTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code $text}, {@code $json} and {@code $yaml} placeholders, as Backstage's placeholder processor resolves them. */
@QuarkusTest
class PlaceholderTest extends CatalogTestSupport {
    private static final String PETSTORE = "openapi: 3.0.0\ninfo:\n  title: Petstore\n  version: 1.0.0\npaths: {}\n";

    private static String api(String name, String placeholder) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: %s
                spec:
                  type: openapi
                  lifecycle: production
                  owner: payments-team
                  definition:
                    %s
                """.formatted(name, placeholder);
    }

    private static Path write(Path dir, String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void substitutesTextJsonAndYamlPlaceholdersRelativeToTheFile() {
        String petstore = unique("petstore");
        String template = unique("tpl");
        Path file = writeCatalog(api(petstore, "$text: ./petstore.oas.yaml") + "---\n" + """
                apiVersion: scaffolder.backstage.io/v1beta3
                kind: Template
                metadata:
                  name: %s
                spec:
                  type: service
                  owner: payments-team
                  parameters:
                    $yaml: ./template/parameters.yaml
                  steps:
                    - id: log
                      action: debug:log
                      input:
                        schema:
                          $ref: '#/definitions/message'
                  output:
                    $json: ./template/output.json
                """.formatted(template));
        Path dir = file.getParent();
        write(dir, "petstore.oas.yaml", PETSTORE);
        write(dir, "template/parameters.yaml", "- title: Basics\n  required: [name]\n  properties:\n    name: {type: string}\n");
        write(dir, "template/output.json", "{\"links\": [{\"title\": \"Repository\", \"url\": \"${{ steps.publish.output.remoteUrl }}\"}]}");

        // a dry run resolves them exactly like processing
        as(alice()).queryParam("dryRun", "true").body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations")
                .then().statusCode(201).body("errors", equalTo(List.of())).body("entities[1].spec.definition", equalTo(PETSTORE));
        register(alice(), file);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + petstore).then().statusCode(200)
                .body("spec.definition", equalTo(PETSTORE));
        as(alice()).get("/api/catalog/entities/by-name/template/default/" + template).then().statusCode(200)
                .body("spec.parameters[0].title", equalTo("Basics"))
                .body("spec.parameters[0].required", equalTo(List.of("name")))
                .body("spec.output.links[0].title", equalTo("Repository"))
                // other $-keys (JSON Schema's $ref) are left alone
                .body("spec.steps[0].input.schema.'$ref'", equalTo("#/definitions/message"));

        // a changed definition file is picked up on the next pass, although the catalog file did not change
        write(dir, "petstore.oas.yaml", PETSTORE.replace("1.0.0", "2.0.0"));
        as(alice()).body(Map.of("entityRef", "api:default/" + petstore)).post("/api/catalog/refresh").then().statusCode(200);
        settle();
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + petstore).then().statusCode(200)
                .body("spec.definition", containsString("2.0.0"));
    }

    @Test
    void placeholdersAreReadUnderTheRulesOfTargetsAndFailOnlyTheirEntity() {
        String ok = unique("fine");
        String outside = unique("outside");
        String escape = unique("escape");
        String privateUrl = unique("private");
        String missing = unique("missing");
        Path file = writeCatalog(String.join("---\n",
                api(ok, "$text: ./fine.yaml"),
                api(outside, "$text: /etc/passwd"),
                api(escape, "$text: ../../../../../../etc/passwd"),
                api(privateUrl, "$text: http://10.1.2.3/openapi.yaml"),
                api(missing, "$text: ./missing.yaml")));
        write(file.getParent(), "fine.yaml", PETSTORE);
        JsonPath created = as(alice()).body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations").then()
                .statusCode(201)
                .body("errors.entityRef", hasItems("api:default/" + outside, "api:default/" + escape, "api:default/" + privateUrl,
                        "api:default/" + missing))
                .body("errors.field", hasItem("spec.definition"))
                .body("errors.name", hasItems("NotAllowedError", "NotFoundError"))
                .extract().jsonPath();
        List<String> messages = created.getList("errors.message");
        messages.forEach(m -> org.junit.jupiter.api.Assertions.assertFalse(m.contains("root:x:0:0"), "no file content leaks: " + m));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + ok).then().statusCode(200).body("spec.definition", equalTo(PETSTORE));
        for (String n : List.of(outside, escape, privateUrl, missing)) {
            as(alice()).get("/api/catalog/entities/by-name/api/default/" + n).then().statusCode(404);
        }
        as(alice()).get("/api/catalog/locations/" + created.getString("location.id") + "/status").then().statusCode(200)
                .body("state", equalTo("error"))
                .body("errors[0].errors.entityRef", hasItem("api:default/" + outside));
    }

    @Test
    void placeholderBytesCountAgainstThePassBudget() {
        // the test profile allows 256 KiB per file and 1 MiB per pass: five 250 KB definitions do not fit in one pass
        StringBuilder yaml = new StringBuilder();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String n = unique("big");
            names.add(n);
            yaml.append(i == 0 ? "" : "---\n").append(api(n, "$text: ./def-" + i + ".yaml"));
        }
        Path file = writeCatalog(yaml.toString());
        for (int i = 0; i < 5; i++) {
            write(file.getParent(), "def-" + i + ".yaml", "# " + "x".repeat(250_000) + "\n");
        }
        as(alice()).body(Map.of("type", "file", "target", file.toString())).post("/api/catalog/locations").then().statusCode(201)
                .body("errors.name", hasItem("PayloadTooLargeError"))
                .body("errors.message", hasItem(containsString("max-pass-bytes")))
                .body("errors.entityRef", hasItem("api:default/" + names.get(4)));
        settle();
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + names.get(0)).then().statusCode(200);
        as(alice()).get("/api/catalog/entities/by-name/api/default/" + names.get(4)).then().statusCode(404);
    }
}
