package dev.atrium.access.key;

import java.time.Instant;
import java.time.LocalDate;

/** The verification decision for one cached key state, model and moment. Pure; the hot path's logic. */
public final class Verification {
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";
    public static final String MODEL_NOT_IN_SCOPE = "model_not_in_scope";
    public static final String BUDGET_EXHAUSTED = "budget_exhausted";

    private Verification() {
    }

    public static KeyViews.VerifyResponse decide(KeyState s, String modelRef, long nowMillis) {
        if (!s.known()) {
            return invalid(UNKNOWN_KEY, null);
        }
        if (s.revoked()) {
            return invalid(REVOKED, s);
        }
        if (nowMillis >= s.expiresAtMillis()) {
            return invalid(EXPIRED, s);
        }
        String costCenter = s.costCenters().get(modelRef);
        if (costCenter == null) {
            return invalid(MODEL_NOT_IN_SCOPE, s);
        }
        // A state loaded last month counts nothing for this one; the background refresh catches up.
        LocalDate month = KeyState.monthOf(nowMillis);
        long used = month.equals(s.month()) ? s.usedTokens() : 0;
        long remaining = s.monthlyBudget() - used;
        if (remaining <= 0) {
            return new KeyViews.VerifyResponse(false, BUDGET_EXHAUSTED, s.keyId(), s.team(), costCenter, 0L,
                    Instant.ofEpochMilli(s.expiresAtMillis()));
        }
        return new KeyViews.VerifyResponse(true, null, s.keyId(), s.team(), costCenter, remaining,
                Instant.ofEpochMilli(s.expiresAtMillis()));
    }

    private static KeyViews.VerifyResponse invalid(String reason, KeyState s) {
        return new KeyViews.VerifyResponse(false, reason, s == null ? null : s.keyId(), s == null ? null : s.team(), null, null, null);
    }
}
