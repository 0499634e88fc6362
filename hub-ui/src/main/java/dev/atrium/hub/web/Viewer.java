package dev.atrium.hub.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in person as the pages show them: name and teams from the verified ID token. The hub
 * decides nothing with it beyond what to display; every service checks the forwarded access token itself.
 */
@RequestScoped
public class Viewer {

    @Inject
    SecurityIdentity identity;

    @Inject
    @IdToken
    JsonWebToken idToken;

    private List<String> teams;

    public boolean signedIn() {
        return identity != null && !identity.isAnonymous();
    }

    /** The user name ({@code preferred_username}), e.g. {@code alice}. */
    public String username() {
        if (!signedIn()) {
            return "";
        }
        Object preferred = claim("preferred_username");
        return preferred != null ? preferred.toString() : identity.getPrincipal().getName();
    }

    /** Full name when the IdP sends one, else the user name. */
    public String displayName() {
        Object name = claim("name");
        return name != null && !name.toString().isBlank() ? name.toString() : username();
    }

    /** Up to two letters for the avatar. */
    public String initials() {
        String[] parts = displayName().trim().split("\\s+");
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty() && sb.length() < 2) {
                sb.append(Character.toUpperCase(p.charAt(0)));
            }
        }
        return sb.toString();
    }

    /**
     * The user's teams: the {@code groups} claim as bare group names. Keycloak may send full paths
     * ({@code /engineering/payments-team}); the last segment is the catalog Group name.
     */
    public List<String> teams() {
        if (teams == null) {
            List<String> out = new ArrayList<>();
            if (claim("groups") instanceof Collection<?> values) {
                for (Object v : values) {
                    String g = v.toString().replace("\"", "").trim();
                    if (g.startsWith("/")) {
                        g = g.substring(g.lastIndexOf('/') + 1);
                    }
                    if (!g.isEmpty() && !out.contains(g.toLowerCase(Locale.ROOT))) {
                        out.add(g.toLowerCase(Locale.ROOT));
                    }
                }
            }
            out.sort(null);
            teams = List.copyOf(out);
        }
        return teams;
    }

    /** The first team, used as the {@code team} of events this user causes; empty when none. */
    public String primaryTeam() {
        return teams().isEmpty() ? "" : teams().get(0);
    }

    public boolean isMemberOf(String team) {
        return team != null && teams().contains(team.toLowerCase(Locale.ROOT));
    }

    private Object claim(String name) {
        if (!signedIn() || idToken == null) {
            return null;
        }
        try {
            return idToken.getClaim(name);
        } catch (RuntimeException e) {
            // no ID token on this request (anonymous page)
            return null;
        }
    }
}
