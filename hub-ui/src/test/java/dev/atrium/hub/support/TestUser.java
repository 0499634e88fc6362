package dev.atrium.hub.support;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo users of the dev realm, with real signed tokens the test OIDC server hands out at the end of
 * the code flow. The ID token is what the hub verifies; the access token is what it forwards.
 */
public record TestUser(String username, String displayName, List<String> groups, List<String> realmRoles) {
    public static final String ISSUER = "https://server.example.com";
    /** Audience of the access tokens (the services'); the ID token's audience is the hub's client id. */
    public static final String SERVICES_AUDIENCE = "https://service.example.com";
    public static final String CLIENT_ID = "hub-ui";

    public static final TestUser ALICE = new TestUser("alice", "Alice Andersen", List.of("payments-team"), List.of());
    public static final TestUser BOB = new TestUser("bob", "Bob Brown", List.of("checkout-team"), List.of());
    public static final TestUser CAROL = new TestUser("carol", "Carol Chen", List.of("/ml-platform-team"), List.of());
    public static final TestUser PAT = new TestUser("pat", "Pat Platform", List.of("platform-team"), List.of("platform-admin"));

    private static final Map<String, Tokens> TOKENS = new ConcurrentHashMap<>();

    /** Tokens as the token endpoint returns them. */
    public record Tokens(String accessToken, String idToken, String refreshToken, long expiresIn) {
    }

    /** This user's long-lived tokens (one hour), minted once per test run. */
    public Tokens tokens() {
        return TOKENS.computeIfAbsent(username, u -> mint(3600, "1"));
    }

    public String accessToken() {
        return tokens().accessToken();
    }

    /** Fresh tokens valid for {@code seconds}; {@code generation} ends up in claim {@code gen}. */
    public Tokens mint(long seconds, String generation) {
        long now = System.currentTimeMillis() / 1000;
        String access = Jwt.preferredUserName(username)
                .subject("sub-" + username)
                .issuer(ISSUER)
                .audience(SERVICES_AUDIENCE)
                .claim("groups", groups)
                .claim("realm_access", Map.of("roles", realmRoles))
                .claim("typ", "Bearer")
                .claim("gen", generation)
                .issuedAt(now)
                .expiresAt(now + seconds)
                .jws().keyId("1").sign();
        String id = Jwt.preferredUserName(username)
                .subject("sub-" + username)
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .claim("name", displayName)
                .claim("groups", groups)
                .claim("typ", "ID")
                .claim("sid", "sid-" + username)
                .issuedAt(now)
                .expiresAt(now + seconds)
                .jws().keyId("1").sign();
        return new Tokens(access, id, "refresh-" + username + "-" + generation, seconds);
    }
}
