-- access-service schema: requests and their decisions, the provisioning outbox, API keys and usage,
-- the built-in secret store and ticket log, model status, announcements, the audit chain and the
-- event outbox towards metrics-service.

CREATE TABLE access_request (
    id                       uuid PRIMARY KEY,
    model_ref                text        NOT NULL,   -- aimodel:default/code-llm or toolchain:default/code-assist
    model_kind               text        NOT NULL,   -- AIModel | Toolchain
    model_title              text,
    covered_models           jsonb       NOT NULL,   -- {"aimodel:default/x": {"costCenter": "...", "owner": "...", "tier": "..."}}
    team                     text        NOT NULL,   -- group:default/payments-team
    requester                text        NOT NULL,   -- preferred_username
    requester_subject        text        NOT NULL,
    use_case                 text        NOT NULL,
    expected_monthly_tokens  bigint      NOT NULL CHECK (expected_monthly_tokens > 0),
    tier                     text        NOT NULL CHECK (tier IN ('open', 'standard', 'restricted')),
    owner_ref                text        NOT NULL,
    required_approvals       jsonb       NOT NULL,   -- ["owner:group:default/ml-platform-team", "platform-admin"]
    state                    text        NOT NULL,
    state_reason             text,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    approved_at              timestamptz,
    active_at                timestamptz,
    closed_at                timestamptz,
    certified_at             timestamptz,
    recertification_due_at   timestamptz
);
CREATE INDEX access_request_team_idx ON access_request (team, created_at DESC);
CREATE INDEX access_request_requester_idx ON access_request (requester, created_at DESC);
CREATE INDEX access_request_state_idx ON access_request (state, created_at DESC);

CREATE TABLE request_approval (
    id          uuid PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES access_request (id),
    role        text        NOT NULL,   -- one of the request's required approvals
    approver    text        NOT NULL,
    decision    text        NOT NULL CHECK (decision IN ('approved', 'rejected')),
    reason      text,
    decided_at  timestamptz NOT NULL,
    UNIQUE (request_id, role)
);

CREATE TABLE request_transition (
    id          bigserial PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES access_request (id),
    from_state  text,
    to_state    text        NOT NULL,
    actor       text        NOT NULL,
    reason      text,
    at          timestamptz NOT NULL
);
CREATE INDEX request_transition_request_idx ON request_transition (request_id, id);

-- The provisioning outbox: one row per request and action, written in the transaction that approved
-- (or revoked) the request; workers claim due rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE provisioning_job (
    id               uuid PRIMARY KEY,
    request_id       uuid        NOT NULL REFERENCES access_request (id),
    action           text        NOT NULL CHECK (action IN ('provision', 'deprovision')),
    state            text        NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    locked_until     timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (request_id, action)
);
CREATE INDEX provisioning_job_due_idx ON provisioning_job (next_attempt_at) WHERE state = 'pending';

CREATE TABLE provisioning_step (
    id          uuid PRIMARY KEY,
    job_id      uuid        NOT NULL REFERENCES provisioning_job (id),
    step        text        NOT NULL,
    adapter     text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    result      text,
    updated_at  timestamptz NOT NULL,
    UNIQUE (job_id, step)
);

CREATE TABLE api_key (
    id                    uuid PRIMARY KEY,
    key_hash              text        NOT NULL UNIQUE,  -- hex HMAC-SHA-256(pepper, key); the key itself is never stored
    display_prefix        text        NOT NULL,         -- first characters, for people to recognise a key
    name                  text        NOT NULL,
    team                  text        NOT NULL,
    scope                 jsonb       NOT NULL,         -- {"aimodel:default/x": {"costCenter": "...", ...}}
    monthly_token_budget  bigint      NOT NULL CHECK (monthly_token_budget > 0),
    expires_at            timestamptz NOT NULL,
    request_id            uuid REFERENCES access_request (id),
    secret_ref            text,
    rotated_from          uuid,
    created_by            text        NOT NULL,
    created_at            timestamptz NOT NULL,
    revealed_at           timestamptz,
    revoked_at            timestamptz,
    revoked_by            text,
    revoke_reason         text,
    expired_at            timestamptz
);
CREATE INDEX api_key_team_idx ON api_key (team, created_at DESC);
-- At most one live key per provisioned request: provisioning is idempotent by this index.
CREATE UNIQUE INDEX api_key_live_request_idx ON api_key (request_id) WHERE revoked_at IS NULL AND request_id IS NOT NULL;
CREATE INDEX api_key_expiry_idx ON api_key (expires_at) WHERE revoked_at IS NULL AND expired_at IS NULL;

CREATE TABLE key_month_usage (
    key_id  uuid   NOT NULL REFERENCES api_key (id),
    month   date   NOT NULL,
    tokens  bigint NOT NULL,
    PRIMARY KEY (key_id, month)
);

CREATE TABLE usage_record (
    id           text        PRIMARY KEY,     -- the reporter's idempotency id
    key_id       uuid        NOT NULL REFERENCES api_key (id),
    team         text        NOT NULL,
    model_ref    text        NOT NULL,
    cost_center  text        NOT NULL,
    tokens       bigint      NOT NULL CHECK (tokens >= 0),
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL
);
CREATE INDEX usage_record_time_idx ON usage_record (occurred_at);

-- Built-in secret store: AES-256-GCM ciphertext, bound to its ref as associated data.
CREATE TABLE stored_secret (
    ref         text PRIMARY KEY,
    key_label   text        NOT NULL,
    nonce       text        NOT NULL,
    ciphertext  text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- Built-in ticket log: the compliance record when no ITSM system is configured.
CREATE TABLE ticket_log (
    id          uuid PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES access_request (id),
    action      text        NOT NULL,
    summary     text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (request_id, action)
);

CREATE TABLE model_status (
    model_ref              text PRIMARY KEY,
    title                  text,
    owner_ref              text,
    lifecycle              text,
    health_url             text,
    probed_status          text,
    latency_ms             integer,
    last_error             text,
    consecutive_failures   integer     NOT NULL DEFAULT 0,
    probed_at              timestamptz,
    override_status        text,
    override_reason        text,
    override_by            text,
    override_until         timestamptz,
    seen_at                timestamptz NOT NULL
);

CREATE TABLE announcement (
    id            uuid PRIMARY KEY,
    title         text        NOT NULL,
    body          text        NOT NULL,
    model_ref     text,
    link          text,
    author        text        NOT NULL,
    published_at  timestamptz NOT NULL
);
CREATE INDEX announcement_published_idx ON announcement (published_at DESC, id DESC);

-- Append-only, hash-chained audit log: each record's hash covers its fields and the previous hash.
CREATE TABLE audit_record (
    seq        bigint PRIMARY KEY,
    id         uuid        NOT NULL UNIQUE,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    subject    text        NOT NULL,
    team       text,
    details    text        NOT NULL,     -- canonical JSON, exactly as hashed
    prev_hash  text        NOT NULL,
    hash       text        NOT NULL
);
CREATE INDEX audit_record_team_idx ON audit_record (team, seq DESC);
CREATE INDEX audit_record_subject_idx ON audit_record (subject, seq DESC);

-- Events for metrics-service, written with the change that caused them and relayed with retries.
CREATE TABLE event_outbox (
    id               text PRIMARY KEY,
    type             text        NOT NULL,
    payload          text        NOT NULL,
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    delivered_at     timestamptz
);
CREATE INDEX event_outbox_due_idx ON event_outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- Key changes reach every replica's verification cache within milliseconds: any change to a key row
-- (whoever makes it) and any usage that crosses a key's monthly budget notify with the key's hash.
CREATE FUNCTION notify_api_key_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('atrium_access_keys', OLD.key_hash);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON api_key
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_change();

CREATE FUNCTION notify_budget_crossed() RETURNS trigger AS $$
DECLARE
    k api_key%ROWTYPE;
BEGIN
    SELECT * INTO k FROM api_key WHERE id = NEW.key_id;
    IF NEW.tokens >= k.monthly_token_budget
       AND (TG_OP = 'INSERT' OR OLD.tokens < k.monthly_token_budget) THEN
        PERFORM pg_notify('atrium_access_keys', k.key_hash);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER key_month_usage_budget AFTER INSERT OR UPDATE ON key_month_usage
    FOR EACH ROW EXECUTE FUNCTION notify_budget_crossed();

-- One live request (pending, approved, provisioning or active) per team and model: a second one is a 409.
CREATE UNIQUE INDEX access_request_live_idx ON access_request (team, model_ref)
    WHERE state IN ('PENDING_APPROVAL', 'APPROVED', 'PROVISIONING', 'ACTIVE');
