-- Tasks, their steps and event logs, secrets for a task's life, the metrics outbox and surveys.

CREATE TABLE tasks (
    id               uuid PRIMARY KEY,
    template_ref     text        NOT NULL,
    template_owner   text,
    workflow         text,
    spec             jsonb       NOT NULL,
    status           text        NOT NULL,
    created_by       text        NOT NULL,
    created_by_team  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    claimed_by       text,
    heartbeat_at     timestamptz,
    wake_at          timestamptz,
    cancel_requested boolean     NOT NULL DEFAULT false,
    runs             integer     NOT NULL DEFAULT 0,
    output           jsonb,
    error            text,
    CONSTRAINT tasks_status_check CHECK (status IN ('open', 'processing', 'completed', 'failed', 'cancelled'))
);
-- The claim query walks only unfinished tasks.
CREATE INDEX tasks_claimable ON tasks (wake_at NULLS FIRST, created_at) WHERE status IN ('open', 'processing');
CREATE INDEX tasks_created_by ON tasks (created_by, created_at DESC);
CREATE INDEX tasks_created_at ON tasks (created_at DESC);

CREATE TABLE task_steps (
    task_id     uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    step_id     text        NOT NULL,
    position    integer     NOT NULL,
    name        text        NOT NULL,
    action      text        NOT NULL,
    status      text        NOT NULL,
    output      jsonb,
    gate        jsonb,
    error       text,
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (task_id, step_id),
    CONSTRAINT task_steps_status_check
        CHECK (status IN ('open', 'processing', 'waiting', 'completed', 'failed', 'skipped', 'cancelled'))
);

CREATE TABLE task_events (
    id         bigserial PRIMARY KEY,
    task_id    uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    type       text        NOT NULL,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_events_by_task ON task_events (task_id, id);

-- Secret parameters, AES-GCM encrypted, kept only while the task can still run.
CREATE TABLE task_secrets (
    task_id    uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    nonce      bytea       NOT NULL,
    ciphertext bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The workspace as the last finished step left it, so a task resumed by another worker (after a
-- crash, a gate or a retry) continues with the same files.
CREATE TABLE task_workspaces (
    task_id    uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    archive    bytea       NOT NULL,
    files      integer     NOT NULL,
    bytes      bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task_surveys (
    task_id     uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    answered_by text        NOT NULL,
    expected    boolean     NOT NULL,
    improvement text        NOT NULL,
    answered_at timestamptz NOT NULL DEFAULT now()
);

-- Events for metrics-service, written in the transaction of the change that caused them.
CREATE TABLE outbox (
    id              uuid PRIMARY KEY,
    type            text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
