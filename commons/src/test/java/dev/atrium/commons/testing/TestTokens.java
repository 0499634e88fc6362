package dev.atrium.commons.testing;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signed access tokens for tests, accepted by the {@code OidcWiremockTestResource} OIDC server
 * ({@code quarkus-test-oidc-server}): real RS256 signatures, real issuer and audience checks.
 */
public final class TestTokens {
    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "https://service.example.com";

    private TestTokens() {
    }

    /** A token for {@code username}, member of {@code groups}, without admin rights. */
    public static String user(String username, String... groups) {
        return token(username, List.of(groups), Set.of());
    }

    /** A platform-admin token. */
    public static String admin(String username) {
        return token(username, List.of("platform-team"), Set.of("platform-admin"));
    }

    /** An expired token: must be refused with 401. */
    public static String expired(String username) {
        return Jwt.preferredUserName(username).subject("sub-" + username).issuer(ISSUER).audience(AUDIENCE)
                .issuedAt(1_000_000L).expiresAt(1_000_600L).sign();
    }

    public static String token(String username, List<String> groups, Set<String> realmRoles) {
        return Jwt.preferredUserName(username)
                .subject("sub-" + username)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("groups", groups)
                .claim("realm_access", Map.of("roles", List.copyOf(realmRoles)))
                .expiresIn(3600)
                .sign();
    }
}
