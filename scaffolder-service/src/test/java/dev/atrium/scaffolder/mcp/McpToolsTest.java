package dev.atrium.scaffolder.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.scaffolder.support.ScaffolderTestSupport;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real MCP client handshake over streamable HTTP with a bearer token: initialize → tools/list → tools/call. */
@QuarkusTest
class McpToolsTest extends ScaffolderTestSupport {

    @TestHTTPResource
    URI base;

    @Test
    void actionsAreMcpToolsAndCallsRunAsTheTokensUser() {
        String token = alice();
        McpAssured.McpStreamableTestClient client = connect(token);
        client.when()
                .toolsList(page -> {
                    assertTrue(page.findByName("debug_log") != null);
                    assertTrue(page.findByName("fetch_template") != null);
                    assertTrue(page.findByName("catalog_search_entities") != null);
                    assertTrue(page.tools().stream().noneMatch(t -> t.name().startsWith("gate_")));
                })
                .toolsCall("debug_log", Map.of("message", "hello from mcp"), r -> {
                    assertFalse(r.isError(), r.toString());
                    assertTrue(r.content().get(0).asText().text().contains("hello from mcp"));
                })
                .toolsCall("fetch_template", Map.of("url", "bundled:hello-world", "values", Map.of("name", "mcp-svc")), r -> {
                    assertFalse(r.isError(), r.toString());
                    assertTrue(r.content().get(0).asText().text().contains("\"files\" : 2"), r.content().get(0).asText().text());
                })
                .toolsCall("toolchain_provision-ai-access", Map.of("model", "aimodel:default/x", "team", "checkout-team", "useCase", "x"), r -> {
                    assertTrue(r.isError());
                    assertTrue(r.content().get(0).asText().text().contains("NotAllowedError"), r.content().get(0).asText().text());
                })
                .thenAssertResults();
    }

    @Test
    void catalogToolsReadTheCatalogWithTheCallersToken() throws Exception {
        String token = alice();
        String items = """
                {"items":[{"apiVersion":"scaffolder.backstage.io/v1beta3","kind":"Template",
                  "metadata":{"name":"mcp-golden","namespace":"default","title":"MCP golden path","description":"A service the approved way"},
                  "spec":{"owner":"group:default/platform-team","type":"service"}}],"totalItems":1,"pageInfo":{}}""";
        wiremock.stubFor(get(
                        urlPathEqualTo("/auth/catalog-stub/api/catalog/entities/by-query"))
                .withQueryParam("filter", equalTo("kind=template"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson(items)));
        stubEntity("component", "mcp-payments", JSON.readTree("""
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
                 "metadata":{"name":"mcp-payments","namespace":"default"},"spec":{"type":"service","owner":"payments-team"}}"""));
        McpAssured.McpStreamableTestClient client = connect(token);
        client.when()
                .toolsCall("catalog_search_entities", Map.of("filter", "kind=template"), r -> {
                    assertFalse(r.isError(), r.toString());
                    String text = r.content().get(0).asText().text();
                    assertTrue(text.contains("\"ref\" : \"template:default/mcp-golden\""), text);
                    assertTrue(text.contains("\"owner\" : \"group:default/platform-team\""), text);
                })
                .toolsCall("catalog_list_templates", Map.of(), r -> {
                    assertFalse(r.isError(), r.toString());
                    assertTrue(r.content().get(0).asText().text().contains("MCP golden path"), r.content().get(0).asText().text());
                })
                .toolsCall("catalog_get_entity", Map.of("ref", "component:default/mcp-payments"), r -> {
                    assertFalse(r.isError(), r.toString());
                    assertTrue(r.content().get(0).asText().text().contains("\"owner\" : \"payments-team\""), r.content().get(0).asText().text());
                })
                .toolsCall("catalog_get_entity", Map.of("ref", "component:default/not-there"), r -> {
                    assertTrue(r.isError(), r.toString());
                })
                .thenAssertResults();
        // the catalog saw the caller's own token on every read: the stub above only answers to it
        wiremock.verify(getRequestedFor(
                        urlPathEqualTo("/auth/catalog-stub/api/catalog/entities/by-name/component/default/mcp-payments"))
                .withHeader("Authorization", equalTo("Bearer " + token)));
    }

    /** A client that has done the initialize handshake with {@code token} as its bearer token. */
    private McpAssured.McpStreamableTestClient connect(String token) {
        return McpAssured.newStreamableClient()
                .setBaseUri(base)
                .setAdditionalHeaders(message -> io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token))
                .build()
                .connect();
    }

    @Test
    void mcpNeedsAToken() {
        io.restassured.RestAssured.given().contentType("application/json").body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}")
                .post("/mcp").then().statusCode(401);
    }
}
