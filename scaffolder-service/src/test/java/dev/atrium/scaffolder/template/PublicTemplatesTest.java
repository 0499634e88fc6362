package dev.atrium.scaffolder.template;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Templates in the shape of the public backstage/software-templates repository
 * (fixtures/software-templates) work unchanged: they parse, serve their parameter schema with
 * Backstage's ui:field pickers passed through, and dry-run, as stored templates (the CI test
 * endpoint) and as the template editor sends them (entity plus directory contents).
 */
@QuarkusTest
class PublicTemplatesTest extends ScaffolderTestSupport {
    static final Path PUBLIC = FIXTURES.resolve("software-templates");

    @Test
    void springBootGrpcTemplateParsesShowsItsPickersAndDryRuns() {
        serve("springboot-grpc-template");
        JsonPath schema = as(alice()).get(API + "/templates/default/template/springboot-template/parameter-schema").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("Spring Boot gRPC Service", schema.getString("title"));
        assertEquals(List.of("Provide some simple information", "Choose a location"), schema.getList("steps.title"));
        assertEquals("EntityNamePicker", schema.getString("steps[0].schema.properties.component_id.'ui:field'"));
        assertEquals("OwnerPicker", schema.getString("steps[0].schema.properties.owner.'ui:field'"));
        assertEquals(List.of("Group"), schema.getList("steps[0].schema.properties.owner.'ui:options'.allowedKinds"));
        assertEquals(List.of("component_id", "owner", "java_package_name"), schema.getList("steps[0].schema.required"));
        assertEquals("RepoUrlPicker", schema.getString("steps[1].schema.properties.repoUrl.'ui:field'"));
        assertEquals(List.of("github.com"), schema.getList("steps[1].schema.properties.repoUrl.'ui:options'.allowedHosts"));

        JsonPath run = test("springboot-template", Map.of("component_id", "orders", "java_package_name", "orders",
                "description", "Order intake", "owner", "group:default/payments-team", "repoUrl", "github.com?owner=acme&repo=orders"));
        assertEquals(List.of("template", "publish", "register"), run.getList("steps.id"));
        assertEquals(List.of("completed", "completed", "completed"), run.getList("steps.status"));
        assertEquals(List.of(".github/workflows/build.yml", "README.md", "catalog-info.yaml", "docs/index.md", "orders.sh",
                "src/main/java/com/example/orders/Application.java", "src/main/resources/application.properties"),
                run.getList("directoryContents.path"));
        JsonNode catalogInfo = yaml(file(run, "catalog-info.yaml"));
        assertEquals("orders", catalogInfo.path("metadata").path("name").asText());
        assertEquals("Order intake", catalogInfo.path("metadata").path("description").asText());
        assertEquals("acme/orders", catalogInfo.path("metadata").path("annotations").path("github.com/project-slug").asText());
        assertEquals("group:default/payments-team", catalogInfo.path("spec").path("owner").asText());
        assertTrue(file(run, "src/main/resources/application.properties").contains("server.port=8080"));
        assertTrue(file(run, "src/main/java/com/example/orders/Application.java").startsWith("package com.example.orders;"));
        assertTrue(file(run, ".github/workflows/build.yml").contains("-Drevision=${{ github.sha }}"), "copyWithoutRender keeps the file raw");
        assertEquals(true, run.getBoolean("directoryContents.find { it.path == 'orders.sh' }.executable"));
        assertTrue(run.getList("log.body.message").contains("Skipping because publish:github does not support dry-run"));
        assertEquals("dry-run-publish-repoContentsUrl", run.getString("stepOutputs.publish.repoContentsUrl"));
        assertEquals("dry-run-publish-remoteUrl", run.getString("output.links[0].url"));
        assertEquals("dry-run-register-entityRef", run.getString("output.links[1].entityRef"));
        assertEquals("catalog", run.getString("output.links[1].icon"));
    }

    @Test
    void reactSsrTemplateWithAnEntityPickerDryRunsFromTheEditorsDirectoryContents() {
        ObjectNode entity = serve("react-ssr-template");
        JsonPath schema = as(alice()).get(API + "/templates/default/template/react-ssr-template/parameter-schema").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("EntityPicker", schema.getString("steps[0].schema.properties.system.'ui:field'"));
        assertEquals("System", schema.getString("steps[0].schema.properties.system.'ui:options'.catalogFilter.kind"));

        Map<String, Object> values = Map.of("component_id", "storefront", "owner", "group:default/checkout-team",
                "system", "system:default/shop", "repoUrl", "github.com?owner=acme&repo=storefront");
        JsonPath run = as(alice()).body(Map.of("template", entity, "values", values, "directoryContents", directory("react-ssr-template")))
                .post(API + "/dry-run").then().statusCode(200).extract().jsonPath();
        assertEquals("completed", run.getString("status"), run.prettify());
        assertEquals(List.of(".github/workflows/ci.yml", "catalog-info.yaml", "docs/index.md", "package.json"), run.getList("directoryContents.path"));
        JsonNode catalogInfo = yaml(file(run, "catalog-info.yaml"));
        assertEquals("system:default/shop", catalogInfo.path("spec").path("system").asText());
        assertTrue(catalogInfo.path("metadata").path("description").isMissingNode(), "an empty description is left out");
        assertEquals("storefront", json(file(run, "package.json")).path("name").asText());
        assertTrue(file(run, ".github/workflows/ci.yml").contains("${{ github.ref_name }}"));
        assertEquals(file(run, "catalog-info.yaml"), file(test("react-ssr-template", values), "catalog-info.yaml"),
                "the editor's dry run and the stored template's test agree");
    }

    @Test
    void docsTemplateDryRunsAndRefusesMissingRequiredParameters() {
        serve("docs-template");
        JsonPath run = test("docs-template", Map.of("name", "payments-handbook", "description", "How payments work",
                "owner", "group:default/payments-team", "repoUrl", "github.com?owner=acme&repo=payments-handbook"));
        assertEquals(List.of("catalog-info.yaml", "docs/index.md", "mkdocs.yml"), run.getList("directoryContents.path"));
        assertTrue(file(run, "mkdocs.yml").startsWith("site_name: \"payments-handbook\""), file(run, "mkdocs.yml"));
        assertEquals("documentation", yaml(file(run, "catalog-info.yaml")).path("spec").path("type").asText());

        long before = tasksTotal();
        as(alice()).body(Map.of("values", Map.of("name", "x"))).post(API + "/templates/default/template/docs-template/test").then()
                .statusCode(400).body("errors.field", hasItem("values.description")).body("errors.field", hasItem("values.repoUrl"));
        as(alice()).body(Map.of("templateRef", "template:default/docs-template", "values", Map.of("name", "x"))).post(API + "/tasks")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        assertEquals(before, tasksTotal());
    }

    /** Serves fixtures/software-templates/{dir}/template.yaml from the catalog stub, located where it lies. */
    private ObjectNode serve(String dir) {
        try {
            Path file = PUBLIC.resolve(dir).resolve("template.yaml");
            ObjectNode entity = (ObjectNode) YAML.readTree(file.toFile());
            ((ObjectNode) entity.get("metadata")).put("namespace", "default").putObject("annotations")
                    .put("backstage.io/managed-by-location", "file:" + file);
            stubEntity("template", entity.path("metadata").path("name").asText(), entity);
            return entity;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonPath test(String name, Map<String, ?> values) {
        JsonPath run = as(alice()).body(Map.of("values", values)).post(API + "/templates/default/template/" + name + "/test")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("completed", run.getString("status"), run.prettify());
        return run;
    }

    /** The template's directory as the Backstage template editor sends it: every file, base64. */
    private static List<Map<String, String>> directory(String dir) {
        Path root = PUBLIC.resolve(dir);
        List<Map<String, String>> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                files.add(Map.of("path", root.relativize(p).toString(), "base64Content", Base64.getEncoder().encodeToString(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String file(JsonPath run, String path) {
        String b64 = run.getString("directoryContents.find { it.path == '" + path + "' }.base64Content");
        assertTrue(b64 != null, "no file " + path + " in " + run.getList("directoryContents.path"));
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not YAML: " + text, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
