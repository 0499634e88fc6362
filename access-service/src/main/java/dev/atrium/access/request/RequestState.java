package dev.atrium.access.request;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of an access request: PENDING_APPROVAL → APPROVED → PROVISIONING → ACTIVE, or REJECTED, FAILED,
 * REVOKED, EXPIRED. An open or small standard request starts at APPROVED.
 */
public enum RequestState {
    PENDING_APPROVAL, APPROVED, PROVISIONING, ACTIVE, REJECTED, FAILED, REVOKED, EXPIRED;

    /** States in which a team holds, or is about to hold, access: at most one such request per team and model. */
    public static final Set<RequestState> LIVE = EnumSet.of(PENDING_APPROVAL, APPROVED, PROVISIONING, ACTIVE);

    public boolean live() {
        return LIVE.contains(this);
    }
}
