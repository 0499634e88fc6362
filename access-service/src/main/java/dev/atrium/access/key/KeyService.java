package dev.atrium.access.key;

import dev.atrium.access.audit.AuditLog;
import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.provisioning.ProvisioningContext;
import dev.atrium.access.provisioning.secrets.SecretStores;
import dev.atrium.access.request.AccessRequest;
import dev.atrium.access.request.AccessRequestRepository;
import dev.atrium.access.request.RequestState;
import dev.atrium.access.usage.KeyMonthUsageRepository;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.commons.error.UnprocessableError;
import dev.atrium.commons.security.AtriumUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * API keys: issuing (by provisioning or by a team member for models the team is granted), listing, rotation,
 * revocation, the one-time reveal of a provisioned key and the expiry job. Only keyed hashes are stored; every
 * key event is audited.
 */
@ApplicationScoped
public class KeyService {
    private static final Logger LOG = Logger.getLogger(KeyService.class);
    private static final int MAX_NAME = 100;
    private static final int MAX_MODELS = 50;
    private static final int LIST_LIMIT = 500;

    @Inject
    ApiKeyRepository keys;

    @Inject
    KeyMaterial material;

    @Inject
    KeyCache cache;

    @Inject
    AuditLog audit;

    @Inject
    KeyMonthUsageRepository usage;

    @Inject
    AccessRequestRepository requests;

    @Inject
    SecretStores secretStores;

    @Inject
    AccessConfig config;

    /** The live key a request's provisioning issued, if any. */
    @Transactional
    public Optional<ApiKey> provisionedKey(UUID requestId) {
        return Optional.ofNullable(keys.liveForRequest(requestId));
    }

    /**
     * Stores a new provisioned key for a request: its hash only, with the ref the plaintext was delivered to.
     * Called by the api-key provisioning step after the secrets store accepted the plaintext.
     */
    @Transactional
    public ApiKey recordProvisioned(ProvisioningContext c, UUID keyId, String plaintext, String secretRef) {
        ApiKey existing = keys.liveForRequest(c.requestId());
        if (existing != null) {
            return existing;
        }
        Instant now = Instant.now();
        ApiKey k = new ApiKey();
        k.id = keyId;
        k.keyHash = material.hash(plaintext);
        k.displayPrefix = KeyMaterial.displayPrefix(plaintext);
        k.name = "access request " + c.requestId();
        k.team = c.team();
        k.scope = scopeOf(c.coveredModels(), c.modelRef());
        k.monthlyTokenBudget = c.expectedMonthlyTokens();
        k.expiresAt = now.plus(config.keys().defaultTtl()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        k.requestId = c.requestId();
        k.secretRef = secretRef;
        k.createdBy = "system:provisioning";
        k.createdAt = now;
        keys.persist(k);
        audit.append("system:provisioning", "key.issued", "key:" + k.id, k.team, AuditLog.details(
                "requestId", c.requestId().toString(), "prefix", k.displayPrefix, "models", List.copyOf(k.scope.keySet()),
                "monthlyTokenBudget", k.monthlyTokenBudget, "expiresAt", k.expiresAt.toString(), "secretRef", secretRef));
        return k;
    }

    private static Map<String, ApiKey.Scope> scopeOf(Map<String, AccessRequest.CoveredModel> covered, String requestedRef) {
        Map<String, ApiKey.Scope> scope = new LinkedHashMap<>();
        covered.forEach((ref, m) -> scope.put(ref, new ApiKey.Scope(m.costCenter(), m.owner())));
        if (!scope.containsKey(requestedRef) && !covered.isEmpty()) {
            // A toolchain key also answers for the toolchain's own ref, charged like its first model.
            AccessRequest.CoveredModel first = covered.values().iterator().next();
            scope.put(requestedRef, new ApiKey.Scope(first.costCenter(), first.owner()));
        }
        return scope;
    }

    /** A key created by a team member for models the team holds ACTIVE grants for; the plaintext is in the answer only. */
    @Transactional
    public KeyViews.CreatedKey create(AtriumUser user, KeyViews.NewKey body) {
        if (body == null) {
            throw new InputError("Request body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String name = body.name() == null ? "" : body.name().trim();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(FieldError.of("name", "must be 1 to " + MAX_NAME + " characters"));
        }
        String team = null;
        if (body.team() == null || body.team().isBlank()) {
            errors.add(FieldError.of("team", "must not be blank"));
        } else {
            team = teamRef(body.team(), errors);
        }
        List<String> models = new ArrayList<>();
        if (body.models() == null || body.models().isEmpty() || body.models().size() > MAX_MODELS) {
            errors.add(FieldError.of("models", "must list 1 to " + MAX_MODELS + " model refs"));
        } else {
            for (int i = 0; i < body.models().size(); i++) {
                try {
                    String ref = EntityRefs.parse(body.models().get(i), "aimodel", "models[" + i + "]").toString();
                    if (!models.contains(ref)) {
                        models.add(ref);
                    }
                } catch (InputError e) {
                    errors.addAll(e.fieldErrors());
                }
            }
        }
        long max = config.requests().maxExpectedMonthlyTokens();
        if (body.monthlyTokenBudget() == null || body.monthlyTokenBudget() <= 0 || body.monthlyTokenBudget() > max) {
            errors.add(FieldError.of("monthlyTokenBudget", "must be between 1 and " + max));
        }
        Instant now = Instant.now();
        Instant expiresAt = (body.expiresAt() == null ? now.plus(config.keys().defaultTtl()) : body.expiresAt())
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(config.keys().maxTtl()))) {
            errors.add(FieldError.of("expiresAt", "must be in the future and at most " + config.keys().maxTtl().toDays() + " days away"));
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid API key request", errors);
        }
        requireMember(user, team);
        Map<String, ApiKey.Scope> scope = new LinkedHashMap<>();
        List<FieldError> ungranted = new ArrayList<>();
        List<AccessRequest> grants = requests.list("team = ?1 AND state = ?2", team, RequestState.ACTIVE);
        for (int i = 0; i < models.size(); i++) {
            String ref = models.get(i);
            Optional<ApiKey.Scope> granted = grants.stream()
                    .filter(g -> g.coveredModels.containsKey(ref) || g.modelRef.equals(ref))
                    .map(g -> {
                        AccessRequest.CoveredModel m = g.coveredModels.getOrDefault(ref, g.coveredModels.values().iterator().next());
                        return new ApiKey.Scope(m.costCenter(), m.owner());
                    })
                    .findFirst();
            if (granted.isEmpty()) {
                ungranted.add(FieldError.of("models[" + i + "]", team + " has no active grant for " + ref));
            } else {
                scope.put(ref, granted.get());
            }
        }
        if (!ungranted.isEmpty()) {
            throw new UnprocessableError("The team has no active grant for some of these models; request access first", ungranted);
        }
        if (keys.liveCount(team, now) >= config.keys().maxLiveKeysPerTeam()) {
            throw new ConflictError(team + " already holds " + config.keys().maxLiveKeysPerTeam() + " live keys; revoke some first");
        }
        String plaintext = material.generate();
        ApiKey k = new ApiKey();
        k.id = UUID.randomUUID();
        k.keyHash = material.hash(plaintext);
        k.displayPrefix = KeyMaterial.displayPrefix(plaintext);
        k.name = name;
        k.team = team;
        k.scope = scope;
        k.monthlyTokenBudget = body.monthlyTokenBudget();
        k.expiresAt = expiresAt;
        k.createdBy = user.username();
        k.createdAt = now;
        k.revealedAt = now;
        keys.persist(k);
        audit.append(user.username(), "key.created", "key:" + k.id, team, AuditLog.details(
                "name", name, "prefix", k.displayPrefix, "models", List.copyOf(scope.keySet()),
                "monthlyTokenBudget", k.monthlyTokenBudget, "expiresAt", expiresAt.toString()));
        return new KeyViews.CreatedKey(plaintext, view(k));
    }

    /** Keys of the caller's teams (admins: of every team, or of {@code team}). */
    @Transactional
    public List<KeyViews.KeyView> list(AtriumUser user, String team, boolean includeRevoked) {
        List<String> teams;
        if (team != null && !team.isBlank()) {
            List<FieldError> errors = new ArrayList<>();
            String ref = teamRef(team, errors);
            if (!errors.isEmpty()) {
                throw new InputError("Invalid team", errors);
            }
            requireMember(user, ref);
            teams = List.of(ref);
        } else if (user.platformAdmin()) {
            teams = null;
        } else {
            teams = List.copyOf(user.groupRefs());
            if (teams.isEmpty()) {
                return List.of();
            }
        }
        return keys.forTeams(teams, includeRevoked, LIST_LIMIT).stream().map(this::view).toList();
    }

    @Transactional
    public KeyViews.KeyView get(AtriumUser user, UUID id) {
        ApiKey k = keys.findById(id);
        if (k == null) {
            throw new NotFoundError("No API key " + id);
        }
        requireMember(user, k.team);
        return view(k);
    }

    /** Revokes a key; it fails verification on every replica within milliseconds (decision 0018). */
    @Transactional
    public KeyViews.KeyView revoke(AtriumUser user, UUID id, String reason) {
        String why = reason(reason);
        ApiKey k = keys.lock(id);
        if (k == null) {
            throw new NotFoundError("No API key " + id);
        }
        requireMember(user, k.team);
        if (k.revokedAt != null) {
            throw new ConflictError("Key " + id + " was already revoked at " + k.revokedAt);
        }
        markRevoked(k, user.username(), why == null ? "revoked by " + user.username() : why);
        auditRevoked(List.of(k), user.username());
        return view(k);
    }

    /**
     * Revokes every live key of a request (the request was revoked or expired) in the caller's transaction,
     * without auditing yet: the caller audits them with {@link #auditRevoked} after its last row change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ApiKey> revokeForRequest(UUID requestId, String actor, String reason) {
        List<ApiKey> revoked = new ArrayList<>();
        for (ApiKey k : keys.liveForRequestAll(requestId)) {
            ApiKey locked = keys.lock(k.id);
            markRevoked(locked, actor, reason);
            revoked.add(locked);
        }
        return revoked;
    }

    private void markRevoked(ApiKey k, String actor, String reason) {
        k.revokedAt = Instant.now();
        k.revokedBy = actor;
        k.revokeReason = reason;
        keys.flush();
        cache.invalidate(k.keyHash);
    }

    /** Audits revocations made in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void auditRevoked(List<ApiKey> revoked, String actor) {
        for (ApiKey k : revoked) {
            audit.append(actor, "key.revoked", "key:" + k.id, k.team, AuditLog.details("reason", k.revokeReason,
                    "prefix", k.displayPrefix, "requestId", k.requestId == null ? null : k.requestId.toString()));
        }
    }

    /**
     * Replaces a key with a new one of the same scope, budget and expiry; the old one is revoked at once. A
     * provisioned key's delivery follows: Vault gets the new value, the built-in store drops the old one.
     */
    @Transactional
    public KeyViews.CreatedKey rotate(AtriumUser user, UUID id, String reason) {
        String why = reason(reason);
        ApiKey old = keys.lock(id);
        if (old == null) {
            throw new NotFoundError("No API key " + id);
        }
        requireMember(user, old.team);
        Instant now = Instant.now();
        if (!old.live(now)) {
            throw new ConflictError("Key " + id + " is " + (old.revokedAt != null ? "revoked" : "expired") + "; create a new one instead");
        }
        markRevoked(old, user.username(), why == null ? "rotated by " + user.username() : why);
        String plaintext = material.generate();
        ApiKey k = new ApiKey();
        k.id = UUID.randomUUID();
        k.keyHash = material.hash(plaintext);
        k.displayPrefix = KeyMaterial.displayPrefix(plaintext);
        k.name = old.name;
        k.team = old.team;
        k.scope = new LinkedHashMap<>(old.scope);
        k.monthlyTokenBudget = old.monthlyTokenBudget;
        k.expiresAt = old.expiresAt;
        k.requestId = old.requestId;
        k.rotatedFrom = old.id;
        k.createdBy = user.username();
        k.createdAt = now;
        k.revealedAt = now;
        if (old.secretRef != null) {
            k.secretRef = redeliver(old, k, plaintext);
        }
        keys.persist(k);
        auditRevoked(List.of(old), user.username());
        audit.append(user.username(), "key.rotated", "key:" + k.id, k.team, AuditLog.details(
                "rotatedFrom", old.id.toString(), "prefix", k.displayPrefix, "secretRef", k.secretRef));
        return new KeyViews.CreatedKey(plaintext, view(k));
    }

    private String redeliver(ApiKey old, ApiKey k, String plaintext) {
        var store = secretStores.current();
        try {
            if (store.keepsAfterReveal()) {
                return store.put(pathOf(old.secretRef), plaintext, Map.of("team", k.team, "key_id", k.id.toString()));
            }
            store.delete(old.secretRef);
            return null;
        } catch (Exception e) {
            LOG.warnf("could not update the secrets store for rotated key %s: %s", old.id, e.getMessage());
            throw new ServiceUnavailableError("The secrets store did not take the rotated key; the old key is still valid, try again");
        }
    }

    private static String pathOf(String secretRef) {
        String rest = secretRef.substring(secretRef.indexOf(':') + 1);
        // vault:<mount>/<prefix>/<path>: the store adds mount and prefix itself, so keep the key's own path (team/…).
        String[] parts = rest.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : rest;
    }

    /**
     * The plaintext of a request's provisioned key, once: for a member of the request's team, from the secrets
     * store it was delivered to. The built-in store forgets it afterwards.
     */
    @Transactional
    public KeyViews.CreatedKey reveal(AtriumUser user, AccessRequest request) {
        requireMember(user, request.team);
        if (request.state != RequestState.ACTIVE) {
            throw new ConflictError("Request " + request.id + " is " + request.state + "; its key is available once it is ACTIVE");
        }
        ApiKey k = keys.liveForRequest(request.id);
        if (k == null) {
            throw new NotFoundError("Request " + request.id + " has no live key");
        }
        k = keys.lock(k.id);
        if (k.revealedAt != null) {
            throw new ConflictError("The key of request " + request.id + " was already shown (" + k.revealedAt
                    + "); rotate it to get a new one");
        }
        if (k.secretRef == null) {
            throw new ConflictError("The key of request " + request.id + " is not held by a secrets store; rotate it to get a new one");
        }
        var store = secretStores.current();
        String plaintext;
        try {
            plaintext = store.get(k.secretRef).orElseThrow(() -> new ConflictError("The secrets store no longer holds this key; rotate it"));
            if (!store.keepsAfterReveal()) {
                store.delete(k.secretRef);
            }
        } catch (ConflictError e) {
            throw e;
        } catch (Exception e) {
            LOG.warnf("secrets store read of %s failed: %s", k.secretRef, e.getMessage());
            throw new ServiceUnavailableError("The secrets store is unavailable; try again shortly");
        }
        k.revealedAt = Instant.now();
        if (!store.keepsAfterReveal()) {
            k.secretRef = null;
        }
        audit.append(user.username(), "key.revealed", "key:" + k.id, k.team, AuditLog.details("requestId", request.id.toString(),
                "prefix", k.displayPrefix));
        return new KeyViews.CreatedKey(plaintext, view(k));
    }

    /** Marks keys past their expiry (verification refuses them regardless) and removes their delivered copies. */
    @Transactional
    public int expireDue() {
        Instant now = Instant.now();
        List<ApiKey> due = keys.newlyExpired(now, 500);
        for (ApiKey k : due) {
            k.expiredAt = now;
            if (k.secretRef != null) {
                try {
                    secretStores.current().delete(k.secretRef);
                    k.secretRef = null;
                } catch (Exception e) {
                    LOG.warnf("could not remove expired key %s from the secrets store: %s", k.id, e.getMessage());
                }
            }
        }
        for (ApiKey k : due) {
            audit.append("system:key-expiry", "key.expired", "key:" + k.id, k.team,
                    AuditLog.details("prefix", k.displayPrefix, "expiresAt", k.expiresAt.toString()));
        }
        return due.size();
    }

    /** Removes the delivered copies of a request's keys (deprovisioning). */
    @Transactional
    public int forgetDelivered(UUID requestId) throws Exception {
        int n = 0;
        for (ApiKey k : keys.list("requestId = ?1 AND secretRef IS NOT NULL", requestId)) {
            secretStores.current().delete(k.secretRef);
            k.secretRef = null;
            n++;
        }
        return n;
    }

    KeyViews.KeyView view(ApiKey k) {
        Instant now = Instant.now();
        String state = k.revokedAt != null ? "revoked" : k.expiresAt.isAfter(now) ? "active" : "expired";
        LocalDate month = KeyState.monthOf(now.toEpochMilli());
        return new KeyViews.KeyView(k.id, k.name, k.displayPrefix + "…", k.team, List.copyOf(k.scope.keySet()),
                k.monthlyTokenBudget, usage.tokens(k.id, month), k.expiresAt, state, k.requestId, k.secretRef, k.createdBy,
                k.createdAt, k.revokedAt, k.revokeReason, k.rotatedFrom);
    }

    private String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.length() > config.requests().maxReasonLength()) {
            throw new InputError("Invalid reason", List.of(FieldError.of("reason", "must be at most "
                    + config.requests().maxReasonLength() + " characters")));
        }
        return reason.trim();
    }

    /** Canonical team ref of a team name or ref. */
    public static String teamRef(String team, List<FieldError> errors) {
        return dev.atrium.access.support.Teams.ref(team, errors);
    }

    /** Members of the team (and platform admins) only. */
    static void requireMember(AtriumUser user, String team) {
        if (!user.platformAdmin() && !user.groupRefs().contains(team)) {
            throw new NotAllowedError("Only members of " + team + " may do this");
        }
    }
}
