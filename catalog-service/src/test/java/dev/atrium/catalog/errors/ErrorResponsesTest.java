package dev.atrium.catalog.errors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.catalog.support.CatalogTestSupport;
import dev.atrium.catalog.support.FailingResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every failure is the DESIGN §4 body (RFC 9457 fields plus Backstage's envelope), including the
 * ones Vert.x raises before JAX-RS runs and the ones nobody anticipated.
 */
@QuarkusTest
class ErrorResponsesTest extends CatalogTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @Test
    void unexpectedFailureIs500WithAnErrorIdAndNoDetails() {
        String body = given().get("/api/catalog/test-support/failures/bug").then()
                .statusCode(500)
                .contentType(containsString("application/json"))
                .body("error.name", equalTo("Error"))
                .body("status", equalTo(500))
                .body("response.statusCode", equalTo(500))
                .body("errorId", matchesPattern("[0-9a-f-]{36}"))
                .body("error.message", containsString("quote error id"))
                .extract().asString();
        assertFalse(body.contains(FailingResource.SECRET_DETAIL), body);
        assertFalse(body.contains("IllegalStateException") || body.contains("at dev.atrium"), body);
    }

    @Test
    void clientsThatOfferAnHttp2UpgradeGetAnAnswerNotA500() throws Exception {
        // Java's HttpClient (HTTP_2 by default) offers "Upgrade: h2c" on plain http; a body-less POST then failed
        // inside Vert.x with "Request has already been read". The services speak HTTP/1.1 only (TLS ends at the ingress).
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        for (String path : List.of("/api/catalog/locations", "/api/catalog/refresh", "/api/catalog/entities/by-refs")) {
            java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(root.toURI().resolve(path))
                    .header("Authorization", "Bearer " + alice())
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() < 500, () -> path + ": " + response.statusCode() + " " + response.body());
            assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, response.version(), path);
        }
    }

    @Test
    void unknownPathsAndMethodsGetTheErrorBody() {
        given().get("/no-such-path").then().statusCode(404)
                .contentType(containsString("application/json"))
                .body("error.name", equalTo("NotFoundError")).body("response.statusCode", equalTo(404));
        as(alice()).get("/api/catalog/no-such-endpoint").then().statusCode(404).body("error.name", equalTo("NotFoundError"));
        as(alice()).patch("/api/catalog/entities").then().statusCode(405).body("status", equalTo(405))
                .body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void problemJsonIsSentToClientsThatAskForIt() {
        given().accept("application/problem+json, application/json").auth().oauth2(alice())
                .get("/api/catalog/entities/by-name/component/default/no-such-thing").then()
                .statusCode(404)
                .contentType(equalTo("application/problem+json"))
                .body("type", equalTo("https://atrium.dev/problems/not-found"))
                .body("error.name", equalTo("NotFoundError"));
    }

    @Test
    void exhaustedConnectionPoolIs503WithRetryAfter() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            // take every connection of the pool; requests then wait for the acquisition timeout
            while (held.size() < 64) {
                try {
                    held.add(dataSource.getConnection());
                } catch (java.sql.SQLException e) {
                    break;
                }
            }
            assertTrue(held.size() >= 2, "the pool handed out " + held.size() + " connections");
            as(alice()).get("/api/catalog/locations").then()
                    .statusCode(503)
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("error.name", equalTo("ServiceUnavailableError"))
                    .body("response.statusCode", equalTo(503));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        as(alice()).get("/api/catalog/locations").then().statusCode(200);
    }

    @Test
    void nulByteInAFilterIs400() {
        as(alice()).urlEncodingEnabled(false).get("/api/catalog/entities?filter=kind=comp%00onent").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).urlEncodingEnabled(false).get("/api/catalog/entities/by-query?filter=metadata.name=a%00b").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).urlEncodingEnabled(false).get("/api/catalog/entities/by-query?fullTextFilterTerm=a%00b").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).urlEncodingEnabled(false).get("/api/catalog/entity-facets?facet=kind&filter=spec.type=a%00").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
        as(alice()).body("{\"entityRefs\":[\"component:default/a\\u0000b\"]}").post("/api/catalog/entities/by-refs").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void malformedCursorFieldsAre400() {
        ensureFixtureCatalog();
        String valid = as(alice()).queryParam("limit", 1).queryParam("orderField", "metadata.name,asc")
                .get("/api/catalog/entities/by-query").then().statusCode(200).extract().path("pageInfo.nextCursor");
        assertTrue(valid != null, "the catalog needs two entities for this test");
        List<String> bad = List.of(
                "{\"o\":[{\"f\":\"metadata.name\",\"d\":\"sideways\"}],\"v\":[\"a\"],\"id\":\"00000000-0000-4000-8000-000000000000\",\"n\":1}",
                "{\"o\":[{\"f\":\"metadata.name\",\"d\":\"asc\"}],\"v\":[\"a\"],\"id\":\"not-a-uuid\",\"n\":1}",
                "{\"o\":[{\"f\":\"metadata.name\",\"d\":\"asc\"}],\"v\":[],\"id\":\"00000000-0000-4000-8000-000000000000\",\"n\":1}",
                "{\"o\":[],\"v\":[],\"id\":\"00000000-0000-4000-8000-000000000000\",\"n\":1}",
                "{\"o\":[{\"f\":\"metadata.name\",\"d\":\"asc\"}],\"v\":[\"a\"],\"id\":\"00000000-0000-4000-8000-000000000000\",\"n\":-7}",
                "{\"f\":[\"kind=a\\u0000\"],\"o\":[{\"f\":\"metadata.name\",\"d\":\"asc\"}],\"v\":[\"a\"],\"id\":\"00000000-0000-4000-8000-000000000000\",\"n\":1}",
                "{\"o\":[{\"f\":\"\",\"d\":\"asc\"}],\"v\":[\"a\"],\"id\":\"00000000-0000-4000-8000-000000000000\",\"n\":1}",
                "{\"o\":\"metadata.name\"}",
                "[1,2]",
                "null");
        for (String json : bad) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            as(alice()).queryParam("cursor", cursor).get("/api/catalog/entities/by-query").then()
                    .statusCode(400).body("error.name", equalTo("InputError"));
        }
        as(alice()).queryParam("cursor", "%%%not base64").get("/api/catalog/entities/by-query").then().statusCode(400);
        as(alice()).queryParam("after", Base64.getUrlEncoder().encodeToString("{\"limit\":-1,\"offset\":0}".getBytes()))
                .get("/api/catalog/entities").then().statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void chunkedBodyOverTheVertxLimitIs413WithTheErrorBody() throws IOException {
        // no Content-Length: only Vert.x's own limit (quarkus.http.limits.max-body-size) sees the size
        Raw r = raw("POST /api/catalog/entities/by-refs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", out -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    String head = Integer.toHexString(chunk.length) + "\r\n";
                    try {
                        for (int i = 0; i < 64; i++) { // 4 MiB, over the 2 MiB limit
                            out.write(head.getBytes(StandardCharsets.US_ASCII));
                            out.write(chunk);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // the server may close the connection as soon as it has answered
                    }
                });
        assertEquals(413, r.status(), r.text());
        assertErrorBody(r, 413, "PayloadTooLargeError");
    }

    @Test
    void overlongUriIs414WithTheErrorBody() throws IOException {
        String uri = "/api/catalog/entities?filter=metadata.name=" + "x".repeat(20 * 1024);
        Raw r = raw("GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice() + "\r\n\r\n", null);
        assertEquals(414, r.status(), r.text());
        JsonNode body = assertErrorBody(r, 414, "InputError");
        assertTrue(body.path("request").path("url").asText().length() < 4096, "the URL is not echoed whole");
    }

    @Test
    void overlongHeadersAre431WithTheErrorBody() throws IOException {
        Raw r = raw("GET /api/catalog/entities?limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice()
                + "\r\nX-Padding: " + "y".repeat(30 * 1024) + "\r\n\r\n", null);
        assertEquals(431, r.status(), r.text());
        assertErrorBody(r, 431, "InputError");
    }

    private static JsonNode assertErrorBody(Raw r, int status, String name) throws IOException {
        assertTrue(r.header("content-type").startsWith("application/json"), r.text());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(status, body.path("status").asInt(), r.text());
        assertEquals(status, body.path("response").path("statusCode").asInt(), r.text());
        assertEquals(name, body.path("error").path("name").asText(), r.text());
        assertTrue(body.path("type").asText().startsWith("https://atrium.dev/problems/"), r.text());
        assertTrue(body.path("title").isTextual() && body.path("detail").isTextual(), r.text());
        return body;
    }

    interface BodyWriter {
        void write(OutputStream out);
    }

    record Raw(int status, List<String> headers, String body) {
        String header(String name) {
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("");
        }

        String text() {
            return status + " " + headers + "\n" + body;
        }
    }

    /** Sends a hand-written HTTP/1.1 request and reads the answer until the server closes or the body is complete. */
    private Raw raw(String head, BodyWriter body) throws IOException {
        try (Socket s = new Socket(root.getHost(), root.getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                body.write(out);
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int n;
            int headerEnd = -1;
            long contentLength = -1;
            while ((n = in.read(b)) > 0) {
                buf.write(b, 0, n);
                String soFar = buf.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0 && (headerEnd = soFar.indexOf("\r\n\r\n")) >= 0) {
                    for (String line : soFar.substring(0, headerEnd).split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            contentLength = Long.parseLong(line.substring(15).trim());
                        }
                    }
                }
                if (headerEnd >= 0 && contentLength >= 0 && buf.size() >= headerEnd + 4 + contentLength) {
                    break;
                }
            }
            String all = buf.toString(StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            String[] lines = (end < 0 ? all : all.substring(0, end)).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            return new Raw(status, List.of(lines).subList(1, lines.length), end < 0 ? "" : all.substring(end + 4));
        }
    }
}
