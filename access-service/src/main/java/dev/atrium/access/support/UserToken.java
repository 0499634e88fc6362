package dev.atrium.access.support;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller's own bearer token, forwarded when this service reads the catalog on the caller's behalf. */
@RequestScoped
public class UserToken {

    @Inject
    SecurityIdentity identity;

    /** The raw token, or null when the request carries none. */
    public String get() {
        TokenCredential credential = identity == null ? null : identity.getCredential(TokenCredential.class);
        return credential == null ? null : credential.getToken();
    }
}
