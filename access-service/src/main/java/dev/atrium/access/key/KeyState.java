package dev.atrium.access.key;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * What verification needs to know about one key, as cached: immutable, loaded from the database in one
 * go. {@link #UNKNOWN} stands for a hash no key has, so unknown keys are cached too.
 *
 * @param costCenters model ref → cost center, the key's scope
 * @param usedTokens tokens used in {@code month} when this was loaded
 * @param month first day (UTC) of the month {@code usedTokens} counts
 */
public record KeyState(UUID keyId, String team, Map<String, String> costCenters, long monthlyBudget, long usedTokens,
        LocalDate month, long expiresAtMillis, boolean revoked) {

    public static final KeyState UNKNOWN = new KeyState(null, null, Map.of(), 0, 0, null, 0, true);

    public boolean known() {
        return keyId != null;
    }

    /** The current month's first day in UTC. */
    public static LocalDate monthOf(long epochMillis) {
        LocalDate day = java.time.Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toLocalDate();
        return day.withDayOfMonth(1);
    }
}
