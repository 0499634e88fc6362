package dev.atrium.scaffolder.mcp;

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
        McpAssured.McpStreamableTestClient client = McpAssured.newStreamableClient()
                .setBaseUri(base)
                .setAdditionalHeaders(message -> io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token))
                .build()
                .connect();
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
    void mcpNeedsAToken() {
        io.restassured.RestAssured.given().contentType("application/json").body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}")
                .post("/mcp").then().statusCode(401);
    }
}
