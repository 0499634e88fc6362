package dev.atrium.access.key;

import dev.atrium.access.usage.KeyMonthUsageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one key's verification state from the database; what the cache calls on a miss or refresh. */
@ApplicationScoped
public class KeyStateLoader {

    @Inject
    ApiKeyRepository keys;

    @Inject
    KeyMonthUsageRepository usage;

    @Transactional
    public KeyState load(String keyHash) {
        ApiKey key = keys.byHash(keyHash);
        if (key == null) {
            return KeyState.UNKNOWN;
        }
        LocalDate month = KeyState.monthOf(System.currentTimeMillis());
        Map<String, String> costCenters = new LinkedHashMap<>();
        key.scope.forEach((model, scope) -> costCenters.put(model, scope.costCenter() == null ? "" : scope.costCenter()));
        return new KeyState(key.id, key.team, Map.copyOf(costCenters), key.monthlyTokenBudget, usage.tokens(key.id, month),
                month, key.expiresAt.toEpochMilli(), key.revokedAt != null);
    }
}
