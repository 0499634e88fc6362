package dev.atrium.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/** Short-hands for the service stubs: answer JSON, fail, and read what the hub sent. */
public final class Stubs {
    public static final String CATALOG = "/api/catalog";
    public static final String SCAFFOLDER = "/api/scaffolder/v2";
    public static final String ACCESS = "/api/access/v1";
    public static final String METRICS = "/api/metrics/v1";

    private Stubs() {
    }

    public static WireMockServer server() {
        return ServiceStubs.server();
    }

    /** Forgets every stub and request; by default every service answers 404 (and events are accepted). */
    public static void reset() {
        server().resetAll();
        server().stubFor(any(urlPathEqualTo(METRICS + "/events")).atPriority(9)
                .willReturn(json(202, "{\"accepted\":1,\"duplicates\":0}")));
    }

    public static StubMapping stub(MappingBuilder m) {
        return server().stubFor(m);
    }

    public static ResponseDefinitionBuilder json(int status, Object body) {
        String text = body instanceof String s ? s : body.toString();
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(text);
    }

    public static ResponseDefinitionBuilder ok(JsonNode body) {
        return json(200, body.toString());
    }

    /** The DESIGN §4 error body. */
    public static ResponseDefinitionBuilder problem(int status, String name, String message) {
        String body = "{\"type\":\"https://atrium.dev/problems/x\",\"title\":\"x\",\"status\":" + status + ",\"detail\":"
                + Fixtures.JSON.valueToTree(message) + ",\"error\":{\"name\":\"" + name + "\",\"message\":"
                + Fixtures.JSON.valueToTree(message) + "},\"response\":{\"statusCode\":" + status + "}}";
        return json(status, body);
    }

    /** Every path under {@code basePath} resets the connection, as a crashed service would. */
    public static void down(String basePath) {
        server().stubFor(any(urlPathMatching(basePath + "/.*")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    public static void get(String path, JsonNode body) {
        server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(path)).willReturn(ok(body)));
    }

    public static List<LoggedRequest> requests(String pathRegex) {
        return server().findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlPathMatching(pathRegex)));
    }

    public static List<LoggedRequest> all() {
        return server().findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    }
}
