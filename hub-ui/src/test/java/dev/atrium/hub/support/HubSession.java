package dev.atrium.hub.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser session against the test hub, without a browser: a cookie jar that also keeps the hub's
 * {@code Secure} cookies on plain-HTTP localhost, and a code-flow login through the test IdP.
 */
public final class HubSession {
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final TestUser user;
    private String csrf;

    private HubSession(TestUser user) {
        this.user = user;
    }

    public static HubSession anonymous() {
        return new HubSession(null);
    }

    /** Signs {@code user} in through the code flow, starting at {@code path}; ends on that page. */
    public static HubSession login(TestUser user, String path) {
        Idp.register(user);
        HubSession s = new HubSession(user);
        s.signIn(path);
        return s;
    }

    public static HubSession login(TestUser user) {
        return login(user, "/catalog");
    }

    /** Runs the code flow from {@code path}: hub → IdP authorization endpoint → hub callback → {@code path}. */
    public Response signIn(String path) {
        Response start = raw().get(path);
        assertEquals(302, start.statusCode(), "an anonymous page request goes to the IdP");
        keep(start);
        URI authorize = URI.create(start.header("Location"));
        Map<String, String> q = query(authorize);
        assertEquals("code", q.get("response_type"));
        assertEquals(TestUser.CLIENT_ID, q.get("client_id"));
        assertEquals("S256", q.get("code_challenge_method"), "PKCE");
        assertNotNull(q.get("code_challenge"), "PKCE");
        String callback = q.get("redirect_uri") + "?state=" + q.get("state") + "&code=code-" + user.username();
        Response back = raw().get(callback);
        assertEquals(302, back.statusCode(), () -> "code exchange: " + back.body().asString());
        keep(back);
        String location = back.header("Location");
        assertTrue(!location.contains("code=") && !location.contains("state="), "no code or state left in the address: " + location);
        Response page = raw().get(location);
        keep(page);
        csrf = Jsoup.parse(page.body().asString()).select("input[name=_csrf]").attr("value");
        return page;
    }

    /** A request carrying this session's cookies, never following redirects. */
    public RequestSpecification raw() {
        return given().redirects().follow(false).cookies(cookies);
    }

    public Page get(String path) {
        Response r = raw().get(path);
        keep(r);
        Page p = new Page(r);
        String token = p.doc().select("input[name=_csrf]").attr("value");
        if (!token.isEmpty()) {
            csrf = token;
        }
        return p;
    }

    /** A htmx request (HX-Request header), as the enhanced page sends it. */
    public Page htmx(String path) {
        Response r = raw().header("HX-Request", "true").get(path);
        keep(r);
        return new Page(r);
    }

    /** Posts a form with this session's CSRF token and a same-origin Origin header. */
    public Page post(String path, Map<String, ?> form) {
        Map<String, Object> body = new LinkedHashMap<>(form);
        body.putIfAbsent("_csrf", csrf);
        return postRaw(path, body, origin());
    }

    /** Posts exactly {@code form}, with the given Origin header (null for none). */
    public Page postRaw(String path, Map<String, ?> form, String origin) {
        RequestSpecification spec = raw().contentType("application/x-www-form-urlencoded; charset=UTF-8");
        if (origin != null) {
            spec = spec.header("Origin", origin);
        }
        for (Map.Entry<String, ?> e : form.entrySet()) {
            if (e.getValue() instanceof List<?> values) {
                spec = spec.formParam(e.getKey(), values.toArray());
            } else if (e.getValue() != null) {
                spec = spec.formParam(e.getKey(), e.getValue().toString());
            }
        }
        Response r = spec.post(path);
        keep(r);
        return new Page(r);
    }

    public String csrf() {
        return csrf;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    public void forget(String cookiePrefix) {
        cookies.keySet().removeIf(k -> k.startsWith(cookiePrefix));
    }

    public TestUser user() {
        return user;
    }

    public static String origin() {
        return "http://localhost:" + io.restassured.RestAssured.port;
    }

    private void keep(Response r) {
        for (Cookie c : r.getDetailedCookies()) {
            if (c.getValue() == null || c.getValue().isEmpty() || c.getMaxAge() == 0) {
                cookies.remove(c.getName());
            } else {
                cookies.put(c.getName(), c.getValue());
            }
        }
    }

    static Map<String, String> query(URI u) {
        Map<String, String> out = new LinkedHashMap<>();
        if (u.getRawQuery() == null) {
            return out;
        }
        for (String part : u.getRawQuery().split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A page the hub answered: status, headers, body and the parsed document. */
    public record Page(Response response, Document doc) {
        Page(Response response) {
            this(response, Jsoup.parse(response.body().asString()));
        }

        public int status() {
            return response.statusCode();
        }

        public String html() {
            return response.body().asString();
        }

        public String header(String name) {
            return response.header(name);
        }

        public Element byId(String id) {
            Element e = doc.getElementById(id);
            assertNotNull(e, () -> "no element #" + id + " in\n" + doc.body());
            return e;
        }

        public boolean has(String cssQuery) {
            return !doc.select(cssQuery).isEmpty();
        }

        public String text(String cssQuery) {
            return doc.select(cssQuery).text();
        }
    }
}
