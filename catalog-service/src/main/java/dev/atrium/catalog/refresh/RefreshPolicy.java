package dev.atrium.catalog.refresh;

import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.UUID;

/**
 * Who may make a location (and the entities read through it) due for processing now: platform
 * admins, the identity that registered it, and users whose teams own something read through it.
 * Anyone else could otherwise make the catalog re-read any location as often as they like.
 */
@ApplicationScoped
public class RefreshPolicy {

    @Inject
    RefreshStateRepository refreshState;

    /** Throws {@link NotAllowedError} unless {@code user} may refresh the location {@code locationId}. */
    public void checkLocation(AtriumUser user, UUID locationId, String registrantJson) {
        if (!mayRefresh(user, locationId, registrantJson)) {
            throw new NotAllowedError("Only platform admins, the user who registered a location and teams that own "
                    + "entities read through it may refresh it");
        }
    }

    /** Throws {@link NotAllowedError} unless {@code user} may refresh the entity {@code ref} (unknown refs pass). */
    public void checkEntity(AtriumUser user, String ref) {
        if (user.platformAdmin()) {
            return;
        }
        UUID origin = refreshState.originOf(ref);
        if (origin == null) {
            return;
        }
        if (!mayRefresh(user, origin, refreshState.registrantOfLocation(origin))) {
            throw new NotAllowedError("Only platform admins, the user who registered its location and teams that own "
                    + "entities read through that location may refresh " + ref);
        }
    }

    private boolean mayRefresh(AtriumUser user, UUID locationId, String registrantJson) {
        if (user.platformAdmin()) {
            return true;
        }
        try {
            AtriumUser registrant = refreshState.registrant(registrantJson);
            if (registrant != null && !registrant.subject().isEmpty() && registrant.subject().equals(user.subject())) {
                return true;
            }
        } catch (IOException e) {
            // an unreadable registrant grants nothing
        }
        return refreshState.ownersIn(locationId).stream().anyMatch(owner -> owner != null && Policy.canEdit(user, owner, null));
    }
}
