package dev.atrium.access.request;

import dev.atrium.access.audit.AuditLog;
import dev.atrium.access.catalog.CatalogClient;
import dev.atrium.access.catalog.CatalogModel;
import dev.atrium.access.catalog.EntityRefs;
import dev.atrium.access.config.AccessConfig;
import dev.atrium.access.events.EventOutbox;
import dev.atrium.access.key.ApiKey;
import dev.atrium.access.key.KeyService;
import dev.atrium.access.key.KeyViews;
import dev.atrium.access.provisioning.ProvisioningContext;
import dev.atrium.access.provisioning.ProvisioningJob;
import dev.atrium.access.provisioning.ProvisioningJobRepository;
import dev.atrium.access.provisioning.ProvisioningRequested;
import dev.atrium.access.provisioning.ProvisioningStep;
import dev.atrium.access.provisioning.ProvisioningStepRepository;
import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.FieldError;
import dev.atrium.commons.error.InputError;
import dev.atrium.commons.error.NotAllowedError;
import dev.atrium.commons.error.NotFoundError;
import dev.atrium.commons.error.UnprocessableError;
import dev.atrium.commons.paging.CursorCodec;
import dev.atrium.commons.security.AtriumUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Access requests from creation to closing: validation, the policy decision, approvals and rejections,
 * the state changes provisioning reports, revocation, recertification. Every state change is recorded as a
 * transition and in the audit log, in the transaction that makes it.
 */
@ApplicationScoped
public class RequestService {
    private static final int MAX_TOOLCHAIN_MODELS = 20;
    private static final int MAX_PAGE = 200;
    private static final int DEFAULT_PAGE = 50;

    @Inject
    AccessConfig config;

    @Inject
    CatalogClient catalog;

    @Inject
    AccessRequestRepository requests;

    @Inject
    RequestApprovalRepository approvals;

    @Inject
    RequestTransitionRepository transitions;

    @Inject
    ProvisioningJobRepository jobs;

    @Inject
    ProvisioningStepRepository steps;

    @Inject
    KeyService keys;

    @Inject
    AuditLog audit;

    @Inject
    EventOutbox events;

    @Inject
    Event<ProvisioningRequested> provisioningRequested;

    AccessPolicy policy() {
        return new AccessPolicy(config.policy().standardAutoApproveMaxMonthlyTokens());
    }

    // ---- create --------------------------------------------------------------------------------

    /** What was validated and looked up before anything is written. */
    private record Checked(EntityRefs.Ref ref, String team, String useCase, long tokens) {
    }

    /**
     * Creates a request: validated, the requester's membership checked, the model read from the catalog with the
     * caller's token, the policy applied. Approved at once when the policy needs no approver, then provisioned.
     */
    public RequestViews.RequestView create(AtriumUser user, String userToken, RequestViews.NewRequest body) {
        Checked in = validate(body);
        if (!user.groupRefs().contains(in.team())) {
            throw new NotAllowedError("You are not a member of " + in.team() + "; request access for one of your teams");
        }
        CatalogModel model = catalog.model(in.ref(), userToken).orElseThrow(() -> new UnprocessableError(
                "No AIModel or Toolchain " + in.ref() + " in the catalog", List.of(FieldError.of("modelRef", "not found in the catalog"))));
        List<CatalogModel> covered = covered(model, userToken);
        AccessPolicy.Decision decision = policy().decide(new AccessPolicy.Subject(model.ref(), model.owner(),
                model.requestAccessType(), covered.stream().map(m -> new AccessPolicy.Model(m.ref(), m.accessTier(), m.owner())).toList()),
                in.tokens());
        if (decision.refusal() != null) {
            throw new UnprocessableError(decision.refusal(), List.of(FieldError.of("modelRef", decision.refusal())));
        }
        UUID id;
        try {
            id = store(user, in, model, covered, decision);
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw new ConflictError(in.team() + " already has a pending or active request for " + model.ref());
            }
            throw e;
        }
        return readView(id);
    }

    private Checked validate(RequestViews.NewRequest body) {
        if (body == null) {
            throw new InputError("Request body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        EntityRefs.Ref ref = null;
        try {
            ref = EntityRefs.parse(body.modelRef(), "aimodel", "modelRef");
        } catch (InputError e) {
            errors.addAll(e.fieldErrors());
        }
        String team = null;
        if (body.team() == null || body.team().isBlank()) {
            errors.add(FieldError.of("team", "must not be blank"));
        } else {
            team = KeyService.teamRef(body.team(), errors);
        }
        String useCase = body.useCase() == null ? "" : body.useCase().trim();
        if (useCase.isEmpty()) {
            errors.add(FieldError.of("useCase", "must not be blank"));
        } else if (useCase.length() > config.requests().maxUseCaseLength()) {
            errors.add(FieldError.of("useCase", "must be at most " + config.requests().maxUseCaseLength() + " characters"));
        }
        long max = config.requests().maxExpectedMonthlyTokens();
        if (body.expectedMonthlyTokens() == null) {
            errors.add(FieldError.of("expectedMonthlyTokens", "must not be null"));
        } else if (body.expectedMonthlyTokens() <= 0 || body.expectedMonthlyTokens() > max) {
            errors.add(FieldError.of("expectedMonthlyTokens", "must be between 1 and " + max));
        }
        if (!errors.isEmpty()) {
            throw new InputError("Invalid access request", errors);
        }
        return new Checked(ref, team, useCase, body.expectedMonthlyTokens());
    }

    private List<CatalogModel> covered(CatalogModel model, String userToken) {
        if (!model.isToolchain() && !CatalogModel.AI_MODEL.equals(model.kind())) {
            throw new UnprocessableError(model.ref() + " is a " + model.kind() + ", not an AIModel or Toolchain",
                    List.of(FieldError.of("modelRef", "must be an AIModel or Toolchain")));
        }
        if (model.deprecated()) {
            throw new UnprocessableError(model.ref() + " is deprecated: request its replacement",
                    List.of(FieldError.of("modelRef", "is deprecated")));
        }
        if (!model.isToolchain()) {
            return List.of(model);
        }
        if (model.models().size() > MAX_TOOLCHAIN_MODELS) {
            throw new UnprocessableError(model.ref() + " lists more than " + MAX_TOOLCHAIN_MODELS + " models");
        }
        List<CatalogModel> covered = new ArrayList<>();
        for (String ref : model.models()) {
            CatalogModel m = catalog.model(EntityRefs.parse(ref, "aimodel", "models"), userToken)
                    .filter(x -> CatalogModel.AI_MODEL.equals(x.kind()))
                    .orElseThrow(() -> new UnprocessableError(model.ref() + " uses " + ref + ", which is not an AIModel in the catalog",
                            List.of(FieldError.of("modelRef", "uses an unknown model " + ref))));
            covered.add(m);
        }
        return covered;
    }

    @Transactional
    UUID store(AtriumUser user, Checked in, CatalogModel model, List<CatalogModel> covered,
            AccessPolicy.Decision decision) {
        if (requests.live(in.team(), model.ref()) != null) {
            throw new ConflictError(in.team() + " already has a pending or active request for " + model.ref());
        }
        Instant now = Instant.now();
        AccessRequest r = new AccessRequest();
        r.id = UUID.randomUUID();
        r.modelRef = model.ref();
        r.modelKind = model.kind();
        r.modelTitle = model.title();
        Map<String, AccessRequest.CoveredModel> coveredModels = new LinkedHashMap<>();
        covered.forEach(m -> coveredModels.put(m.ref(), new AccessRequest.CoveredModel(
                m.costCenter() == null ? "unassigned" : m.costCenter(), m.owner(), AccessPolicy.tierOf(m.accessTier()))));
        r.coveredModels = coveredModels;
        r.team = in.team();
        r.requester = user.username();
        r.requesterSubject = user.subject();
        r.useCase = in.useCase();
        r.expectedMonthlyTokens = in.tokens();
        r.tier = decision.tier();
        r.ownerRef = model.owner() == null ? "" : model.owner();
        r.requiredApprovals = decision.requiredApprovals();
        r.createdAt = now;
        r.updatedAt = now;
        r.state = RequestState.PENDING_APPROVAL;
        requests.persist(r);
        requests.flush();
        transitions.record(r.id, null, RequestState.PENDING_APPROVAL, user.username(), "requested", now);
        audit.append(user.username(), "request.created", subject(r), r.team, AuditLog.details(
                "model", r.modelRef, "coveredModels", List.copyOf(coveredModels.keySet()), "tier", r.tier,
                "expectedMonthlyTokens", r.expectedMonthlyTokens, "useCase", r.useCase,
                "requiredApprovals", r.requiredApprovals, "policy", decision.reasons()));
        if (decision.autoApproved()) {
            approve(r, "policy", "approved by policy: " + String.join("; ", decision.reasons()), now);
        }
        return r.id;
    }

    /** The view of a request, read in its own transaction after the change that produced it committed. */
    @Transactional
    RequestViews.RequestView readView(UUID id) {
        return view(requests.findById(id));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && "23505".equals(c.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    // ---- decisions -----------------------------------------------------------------------------

    /** Fills one required approval; when the last one is filled the request is APPROVED and provisioning starts. */
    public RequestViews.RequestView approve(AtriumUser user, UUID id, RequestViews.Decision body) {
        return readView(doApprove(user, id, body));
    }

    @Transactional
    UUID doApprove(AtriumUser user, UUID id, RequestViews.Decision body) {
        Decided d = decide(user, id, body, "approved", false);
        AccessRequest r = d.request();
        audit.append(user.username(), "request.approval", subject(r), r.team, AuditLog.details("role", d.role(), "reason", d.reason()));
        if (outstanding(r).isEmpty()) {
            approve(r, user.username(), d.reason() == null ? "all required approvals given" : d.reason(), d.at());
        } else {
            r.updatedAt = d.at();
        }
        return r.id;
    }

    /** Rejects a request awaiting approval; any holder of an outstanding required role may. */
    public RequestViews.RequestView reject(AtriumUser user, UUID id, RequestViews.Decision body) {
        return readView(doReject(user, id, body));
    }

    @Transactional
    UUID doReject(AtriumUser user, UUID id, RequestViews.Decision body) {
        Decided d = decide(user, id, body, "rejected", true);
        AccessRequest r = d.request();
        transition(r, RequestState.REJECTED, user.username(), d.reason(), d.at());
        r.closedAt = d.at();
        audit.append(user.username(), "request.rejected", subject(r), r.team, AuditLog.details("role", d.role(), "reason", d.reason()));
        return r.id;
    }

    /** One approver's recorded decision: the locked request, the approval role it filled, the reason and when. */
    private record Decided(AccessRequest request, String role, String reason, Instant at) {
    }

    /**
     * Records {@code user}'s {@code decision} ({@code approved} or {@code rejected}) on a request awaiting
     * approval, in the caller's transaction, after checking the reason, the state and the role the user may fill.
     */
    private Decided decide(AtriumUser user, UUID id, RequestViews.Decision body, String decision, boolean reasonRequired) {
        String reason = reason(body == null ? null : body.reason(), reasonRequired);
        AccessRequest r = lockVisible(user, id);
        if (r.state != RequestState.PENDING_APPROVAL) {
            throw new ConflictError("Request " + id + " is " + r.state + ", not awaiting approval");
        }
        String role = fillableRole(user, r, body == null ? null : body.role());
        Instant now = Instant.now();
        RequestApproval a = new RequestApproval();
        a.id = UUID.randomUUID();
        a.requestId = r.id;
        a.role = role;
        a.approver = user.username();
        a.decision = decision;
        a.reason = reason;
        a.decidedAt = now;
        approvals.persist(a);
        return new Decided(r, role, reason, now);
    }

    private String fillableRole(AtriumUser user, AccessRequest r, String requestedRole) {
        if (user.username().equalsIgnoreCase(r.requester)) {
            throw new NotAllowedError("You cannot decide your own request");
        }
        List<RequestApproval> decided = approvals.forRequest(r.id);
        boolean already = decided.stream().anyMatch(d -> d.approver.equalsIgnoreCase(user.username()));
        if (already) {
            throw new ConflictError("You already approved this request; another approver must give the remaining approval");
        }
        List<String> open = outstanding(r);
        if (requestedRole != null && !open.contains(requestedRole)) {
            throw new ConflictError("Approval " + requestedRole + " is not outstanding on request " + r.id + " (outstanding: " + open + ")");
        }
        String role = AccessPolicy.roleToFill(open, user, r.requester, false, requestedRole);
        if (role == null) {
            throw new NotAllowedError("This request needs " + open + "; you hold none of them");
        }
        return role;
    }

    private List<String> outstanding(AccessRequest r) {
        Set<String> filled = new java.util.HashSet<>();
        approvals.forRequest(r.id).stream().filter(a -> "approved".equals(a.decision)).forEach(a -> filled.add(a.role));
        return r.requiredApprovals.stream().filter(role -> !filled.contains(role)).toList();
    }

    private void approve(AccessRequest r, String actor, String reason, Instant now) {
        transition(r, RequestState.APPROVED, actor, reason, now);
        r.approvedAt = now;
        enqueue(r, ProvisioningContext.PROVISION, now);
        audit.append(actor, "request.approved", subject(r), r.team, AuditLog.details("reason", reason));
    }

    private void enqueue(AccessRequest r, String action, Instant now) {
        jobs.enqueue(r.id, action, now);
        provisioningRequested.fire(new ProvisioningRequested(r.id, action));
    }

    /** Revokes a grant (or withdraws a request): keys stop working at once, then the grant is deprovisioned. */
    public RequestViews.RequestView revoke(AtriumUser user, UUID id, RequestViews.Decision body) {
        return readView(doRevoke(user, id, body));
    }

    @Transactional
    UUID doRevoke(AtriumUser user, UUID id, RequestViews.Decision body) {
        String reason = reason(body == null ? null : body.reason(), true);
        AccessRequest r = lockVisible(user, id);
        boolean team = user.groupRefs().contains(r.team);
        if (!user.platformAdmin() && !team && !ownsCovered(user, r)) {
            throw new NotAllowedError("Only the team, the model's owner or a platform admin may revoke this grant");
        }
        if (!r.state.live()) {
            throw new ConflictError("Request " + id + " is already " + r.state);
        }
        close(r, RequestState.REVOKED, user.username(), reason, Instant.now());
        return r.id;
    }

    private void close(AccessRequest r, RequestState to, String actor, String reason, Instant now) {
        RequestState from = r.state;
        transition(r, to, actor, reason, now);
        r.closedAt = now;
        List<ApiKey> revoked = keys.revokeForRequest(r.id, actor, to == RequestState.EXPIRED ? "grant expired" : "grant revoked: " + reason);
        ProvisioningJob provision = jobs.forRequest(r.id, ProvisioningContext.PROVISION);
        // A job a worker is running right now is left to it: it sees the closed request between steps and stops.
        if (provision != null && ProvisioningJob.PENDING.equals(provision.state)
                && (provision.lockedUntil == null || provision.lockedUntil.isBefore(now))) {
            provision.state = ProvisioningJob.CANCELLED;
            provision.updatedAt = now;
        }
        if (from != RequestState.PENDING_APPROVAL) {
            enqueue(r, ProvisioningContext.DEPROVISION, now);
        }
        keys.auditRevoked(revoked, actor);
        audit.append(actor, to == RequestState.EXPIRED ? "request.expired" : "request.revoked", subject(r), r.team,
                AuditLog.details("reason", reason, "keysRevoked", revoked.size()));
    }

    /** Re-queues the provisioning of a FAILED request. */
    public RequestViews.RequestView retry(AtriumUser user, UUID id) {
        return readView(doRetry(user, id));
    }

    @Transactional
    UUID doRetry(AtriumUser user, UUID id) {
        AccessRequest r = lockVisible(user, id);
        if (!user.platformAdmin() && !user.groupRefs().contains(r.team)) {
            throw new NotAllowedError("Only the team or a platform admin may retry provisioning");
        }
        if (r.state != RequestState.FAILED) {
            throw new ConflictError("Request " + id + " is " + r.state + "; only FAILED requests are retried");
        }
        Instant now = Instant.now();
        transition(r, RequestState.APPROVED, user.username(), "provisioning retried", now);
        enqueue(r, ProvisioningContext.PROVISION, now);
        audit.append(user.username(), "provisioning.retried", subject(r), r.team, Map.of());
        return r.id;
    }

    // ---- recertification -------------------------------------------------------------------------

    /** The owner's answer to a recertification: confirm keeps the grant another period, deny revokes it. */
    public RequestViews.RequestView recertify(AtriumUser user, UUID id, RequestViews.Recertify body) {
        return readView(doRecertify(user, id, body));
    }

    @Transactional
    UUID doRecertify(AtriumUser user, UUID id, RequestViews.Recertify body) {
        if (body == null || body.confirm() == null) {
            throw new InputError("Invalid recertification", List.of(FieldError.of("confirm", "must be true or false")));
        }
        String reason = reason(body.reason(), !body.confirm());
        AccessRequest r = requests.lock(id);
        if (r == null) {
            throw new NotFoundError("No access request " + id);
        }
        if (!user.platformAdmin() && !ownsCovered(user, r)) {
            throw new NotAllowedError("Only the owner of the model or a platform admin may recertify this grant");
        }
        if (r.state != RequestState.ACTIVE) {
            throw new ConflictError("Request " + id + " is " + r.state + "; only ACTIVE grants are recertified");
        }
        Instant now = Instant.now();
        if (body.confirm()) {
            r.certifiedAt = now;
            r.recertificationDueAt = null;
            r.updatedAt = now;
            audit.append(user.username(), "request.recertified", subject(r), r.team, AuditLog.details("reason", reason));
        } else {
            close(r, RequestState.REVOKED, user.username(), "not recertified: " + reason, now);
        }
        return r.id;
    }

    /** Grants due for recertification that the caller may confirm (admins: all). */
    @Transactional
    public List<RequestViews.RequestView> recertifications(AtriumUser user) {
        return requests.awaitingRecertification(1000).stream()
                .filter(r -> user.platformAdmin() || ownsCovered(user, r))
                .limit(MAX_PAGE).map(this::view).toList();
    }

    /**
     * Marks grants older than the configured age as due, and expires those whose due date passed; one short
     * transaction per grant.
     */
    public int recertificationRound() {
        Instant now = Instant.now();
        int changed = 0;
        for (UUID id : recertificationCandidates(now, false)) {
            changed += markDue(id, now) ? 1 : 0;
        }
        for (UUID id : recertificationCandidates(now, true)) {
            changed += expireOverdue(id, now) ? 1 : 0;
        }
        return changed;
    }

    @Transactional
    List<UUID> recertificationCandidates(Instant now, boolean overdue) {
        List<AccessRequest> list = overdue ? requests.overdue(now, 500)
                : requests.newlyDue(now.minus(config.recertification().maxAge()), 500);
        return list.stream().map(r -> r.id).toList();
    }

    @Transactional
    boolean markDue(UUID id, Instant now) {
        AccessRequest r = requests.lock(id);
        if (r.state != RequestState.ACTIVE || r.recertificationDueAt != null
                || !r.certifiedAt.isBefore(now.minus(config.recertification().maxAge()))) {
            return false;
        }
        r.recertificationDueAt = now.plus(config.recertification().grace());
        r.updatedAt = now;
        audit.append("system:recertification", "request.recertification-due", subject(r), r.team,
                AuditLog.details("dueAt", r.recertificationDueAt.toString(), "certifiedAt", r.certifiedAt.toString()));
        return true;
    }

    @Transactional
    boolean expireOverdue(UUID id, Instant now) {
        AccessRequest r = requests.lock(id);
        if (r.state != RequestState.ACTIVE || r.recertificationDueAt == null || !r.recertificationDueAt.isBefore(now)) {
            return false;
        }
        close(r, RequestState.EXPIRED, "system:recertification", "not recertified by " + r.recertificationDueAt, now);
        return true;
    }

    private boolean ownsCovered(AtriumUser user, AccessRequest r) {
        if (AccessPolicy.canFill(AccessPolicy.OWNER_PREFIX + r.ownerRef, user)) {
            return true;
        }
        return r.coveredModels.values().stream().anyMatch(m -> m.owner() != null && AccessPolicy.canFill(AccessPolicy.OWNER_PREFIX + m.owner(), user));
    }

    // ---- provisioning callbacks (called by the worker inside its transactions) -------------------------

    /**
     * The context a provisioning job runs with, moving an APPROVED request to PROVISIONING; empty when the
     * request no longer wants it (revoked meanwhile), in which case the job is cancelled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ProvisioningContext> startProvisioning(UUID requestId, String action) {
        AccessRequest r = requests.lock(requestId);
        if (ProvisioningContext.DEPROVISION.equals(action)) {
            return Optional.of(ProvisioningContext.of(r, action));
        }
        if (r.state == RequestState.APPROVED) {
            transition(r, RequestState.PROVISIONING, "system:provisioning", "provisioning started", Instant.now());
            audit.append("system:provisioning", "provisioning.started", subject(r), r.team, Map.of());
        }
        if (r.state != RequestState.PROVISIONING) {
            return Optional.empty();
        }
        return Optional.of(ProvisioningContext.of(r, action));
    }

    /** Locks the request row for the rest of the caller's transaction (lock order: request rows before job rows). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID requestId) {
        requests.lock(requestId);
    }

    /** Whether the request still wants {@code action} (checked between steps). */
    @Transactional
    public boolean stillWanted(UUID requestId, String action) {
        AccessRequest r = requests.findById(requestId);
        return ProvisioningContext.DEPROVISION.equals(action) || r.state == RequestState.PROVISIONING;
    }

    /** Every step is done: the request becomes ACTIVE and {@code access.provisioned} goes to the event outbox. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void provisioned(UUID requestId) {
        AccessRequest r = requests.lock(requestId);
        if (r.state != RequestState.PROVISIONING) {
            return;
        }
        Instant now = Instant.now();
        transition(r, RequestState.ACTIVE, "system:provisioning", "every provisioning step done", now);
        r.activeAt = now;
        r.certifiedAt = now;
        long sinceApproval = Duration.between(r.approvedAt, now).toMillis();
        audit.append("system:provisioning", "request.active", subject(r), r.team,
                AuditLog.details("approvalToActiveMs", sinceApproval));
        events.accessProvisioned(r, Duration.between(r.createdAt, now).toMillis());
    }

    /** Provisioning gave up: the request is FAILED with the last error. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void provisioningFailed(UUID requestId, String error) {
        AccessRequest r = requests.lock(requestId);
        if (r.state != RequestState.PROVISIONING && r.state != RequestState.APPROVED) {
            return;
        }
        transition(r, RequestState.FAILED, "system:provisioning", error, Instant.now());
        audit.append("system:provisioning", "provisioning.failed", subject(r), r.team, AuditLog.details("error", error));
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Transactional
    public RequestViews.RequestView get(AtriumUser user, UUID id) {
        AccessRequest r = requests.findById(id);
        if (r == null) {
            throw new NotFoundError("No access request " + id);
        }
        requireVisible(user, r);
        return view(r);
    }

    /** The request's provisioned key, shown once to a member of its team. */
    @Transactional
    public KeyViews.CreatedKey revealKey(AtriumUser user, UUID id) {
        AccessRequest r = requests.findById(id);
        if (r == null) {
            throw new NotFoundError("No access request " + id);
        }
        KeyViews.CreatedKey key = keys.reveal(user, r);
        return key;
    }

    /** Cursor of the request list. */
    record ListCursor(String view, String team, String state, String createdAt, UUID id) {
    }

    /**
     * Requests by view: {@code mine} (the caller requested them), {@code team} (the caller's teams' or one of them),
     * {@code approvals} (awaiting an approval the caller may give), {@code all} (platform admins).
     */
    @Transactional
    public RequestViews.Page list(AtriumUser user, String view, String team, String state, String limitParam, String cursor) {
        int limit = limit(limitParam);
        AccessRequestRepository.After after = null;
        if (cursor != null && !cursor.isBlank()) {
            ListCursor c = CursorCodec.decode(cursor, ListCursor.class);
            view = c.view();
            team = c.team();
            state = c.state();
            if (c.createdAt() == null || c.id() == null) {
                throw new InputError("Malformed cursor");
            }
            try {
                after = new AccessRequestRepository.After(Instant.parse(c.createdAt()), c.id());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InputError("Malformed cursor");
            }
        }
        String v = view == null || view.isBlank() ? "mine" : view.trim();
        RequestState st = null;
        if (state != null && !state.isBlank()) {
            try {
                st = RequestState.valueOf(state.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InputError("Invalid state", List.of(FieldError.of("state", "must be one of " + List.of(RequestState.values()))));
            }
        }
        List<AccessRequest> page;
        switch (v) {
            case "mine" -> page = requests.page(user.username(), null, st, null, after, limit + 1);
            case "team" -> {
                List<String> teams;
                if (team != null && !team.isBlank()) {
                    List<FieldError> errors = new ArrayList<>();
                    String ref = KeyService.teamRef(team, errors);
                    if (!errors.isEmpty()) {
                        throw new InputError("Invalid team", errors);
                    }
                    if (!user.platformAdmin() && !user.groupRefs().contains(ref)) {
                        throw new NotAllowedError("You are not a member of " + ref);
                    }
                    teams = List.of(ref);
                } else {
                    teams = List.copyOf(user.groupRefs());
                }
                page = teams.isEmpty() ? List.of() : requests.page(null, teams, st, null, after, limit + 1);
            }
            case "approvals" -> {
                List<AccessRequest> candidates = requests.page(null, null, RequestState.PENDING_APPROVAL,
                        AccessPolicy.rolesOf(user), after, limit + 1);
                page = candidates.stream().filter(r -> {
                    boolean decided = approvals.forRequest(r.id).stream().anyMatch(a -> a.approver.equalsIgnoreCase(user.username()));
                    return AccessPolicy.roleToFill(outstanding(r), user, r.requester, decided, null) != null;
                }).toList();
            }
            case "all" -> {
                if (!user.platformAdmin()) {
                    throw new NotAllowedError("Only platform admins may list every request");
                }
                page = requests.page(null, null, st, null, after, limit + 1);
            }
            default -> throw new InputError("Invalid view", List.of(FieldError.of("view", "must be mine, team, approvals or all")));
        }
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            AccessRequest last = page.get(page.size() - 1);
            next = CursorCodec.encode(new ListCursor(v, team, state, last.createdAt.toString(), last.id));
        }
        return new RequestViews.Page(page.stream().map(this::view).toList(), next);
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PAGE;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InputError("Invalid limit", List.of(FieldError.of("limit", "must be a whole number from 1 to " + MAX_PAGE)));
    }

    private AccessRequest lockVisible(AtriumUser user, UUID id) {
        AccessRequest r = requests.lock(id);
        if (r == null) {
            throw new NotFoundError("No access request " + id);
        }
        requireVisible(user, r);
        return r;
    }

    /** The team, the requester, whoever may decide it (owners, admins) see a request; others get 403. */
    private void requireVisible(AtriumUser user, AccessRequest r) {
        if (user.platformAdmin() || user.groupRefs().contains(r.team) || user.username().equalsIgnoreCase(r.requester)
                || r.requiredApprovals.stream().anyMatch(role -> AccessPolicy.canFill(role, user)) || ownsCovered(user, r)) {
            return;
        }
        throw new NotAllowedError("This request belongs to " + r.team);
    }

    private String reason(String reason, boolean required) {
        String r = reason == null ? null : reason.trim();
        if (r == null || r.isEmpty()) {
            if (required) {
                throw new InputError("A reason is required", List.of(FieldError.of("reason", "must not be blank")));
            }
            return null;
        }
        if (r.length() > config.requests().maxReasonLength()) {
            throw new InputError("Invalid reason", List.of(FieldError.of("reason", "must be at most "
                    + config.requests().maxReasonLength() + " characters")));
        }
        return r;
    }

    private void transition(AccessRequest r, RequestState to, String actor, String reason, Instant now) {
        transitions.record(r.id, r.state, to, actor, reason, now);
        r.state = to;
        r.stateReason = reason;
        r.updatedAt = now;
    }

    static String subject(AccessRequest r) {
        return "request:" + r.id;
    }

    RequestViews.RequestView view(AccessRequest r) {
        List<RequestApproval> decided = approvals.forRequest(r.id);
        List<RequestViews.ApprovalView> approvalViews = new ArrayList<>();
        for (String role : r.requiredApprovals) {
            RequestApproval a = decided.stream().filter(d -> d.role.equals(role)).findFirst().orElse(null);
            approvalViews.add(a == null ? new RequestViews.ApprovalView(role, "pending", null, null, null)
                    : new RequestViews.ApprovalView(role, a.decision, a.approver, a.reason, a.decidedAt));
        }
        List<RequestViews.ProvisioningView> provisioning = new ArrayList<>();
        for (ProvisioningJob job : jobs.forRequest(r.id)) {
            List<RequestViews.StepView> stepViews = steps.forJob(job.id).stream()
                    .sorted(Comparator.comparing((ProvisioningStep s) -> s.updatedAt))
                    .map(s -> new RequestViews.StepView(s.step, s.adapter, s.state, s.attempts, s.lastError, s.result)).toList();
            provisioning.add(new RequestViews.ProvisioningView(job.action, job.state, job.attempts,
                    ProvisioningJob.PENDING.equals(job.state) ? job.nextAttemptAt : null, job.lastError, stepViews));
        }
        RequestViews.KeyRef key = keys.provisionedKey(r.id)
                .map((ApiKey k) -> new RequestViews.KeyRef(k.id, k.displayPrefix + "…", k.revealedAt != null, k.expiresAt, k.secretRef))
                .orElse(null);
        List<RequestViews.TransitionView> history = transitions.forRequest(r.id).stream()
                .map(t -> new RequestViews.TransitionView(t.fromState, t.toState, t.actor, t.reason, t.at)).toList();
        return new RequestViews.RequestView(r.id, r.modelRef, r.modelKind, r.modelTitle, List.copyOf(r.coveredModels.keySet()),
                r.team, r.requester, r.useCase, r.expectedMonthlyTokens, r.tier, r.state, r.stateReason, approvalViews,
                provisioning, key, history, r.createdAt, r.updatedAt, r.approvedAt, r.activeAt, r.closedAt, r.certifiedAt,
                r.recertificationDueAt);
    }
}
