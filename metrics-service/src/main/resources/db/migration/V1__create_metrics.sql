-- Raw events: append-only, one row per idempotency key. Everything else in this schema is derived
-- from them and can be rebuilt (decision 0021).
CREATE TABLE events (
    id          text        PRIMARY KEY,
    type        text        NOT NULL,
    actor       text,
    team        text,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    attributes  jsonb       NOT NULL
);
CREATE INDEX events_type_time ON events (type, occurred_at);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only';
END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Facts maintained on ingest from new events only --------------------------------------------------

-- Who used the portal in which week (adoption). Team as first seen that week.
CREATE TABLE weekly_actors (
    week  date NOT NULL,
    actor text NOT NULL,
    team  text,
    PRIMARY KEY (week, actor)
);

-- One row per search: when it ran and when its first result was clicked (discovery time).
CREATE TABLE search_sessions (
    search_id      text PRIMARY KEY,
    actor          text,
    team           text,
    searched_at    timestamptz,
    first_click_at timestamptz,
    first_click_rank integer
);
CREATE INDEX search_sessions_searched_at ON search_sessions (searched_at);

-- Earliest merged change per author (time to first contribution).
CREATE TABLE first_contributions (
    author          text PRIMARY KEY,
    first_merged_at timestamptz NOT NULL,
    repository      text
);

-- Merged changes per repository (lead time for changes).
CREATE TABLE merges (
    event_id   text PRIMARY KEY,
    repository text NOT NULL,
    author     text,
    merged_at  timestamptz NOT NULL
);
CREATE INDEX merges_repository_time ON merges (repository, merged_at);

-- Finished deployments (deployment frequency, lead time, change failure rate).
CREATE TABLE deployments (
    event_id      text PRIMARY KEY,
    deployment_id text NOT NULL,
    service       text NOT NULL,
    repository    text,
    team          text,
    environment   text NOT NULL,
    status        text NOT NULL,
    finished_at   timestamptz NOT NULL
);
CREATE INDEX deployments_service_time ON deployments (service, finished_at);
CREATE INDEX deployments_time ON deployments (finished_at);
CREATE INDEX deployments_repository_time ON deployments (repository, finished_at);
CREATE INDEX deployments_deployment_id ON deployments (deployment_id);

-- Incidents, opened and resolved (time to restore, change failure rate).
CREATE TABLE incidents (
    incident_id   text PRIMARY KEY,
    service       text,
    team          text,
    deployment_id text,
    opened_at     timestamptz,
    resolved_at   timestamptz
);
CREATE INDEX incidents_opened_at ON incidents (opened_at);

-- Template survey answers (template feedback, chat posts).
CREATE TABLE template_answers (
    event_id       text PRIMARY KEY,
    task_id        text NOT NULL,
    template       text NOT NULL,
    template_owner text,
    team           text,
    actor          text,
    expected       boolean NOT NULL,
    improvement    text,
    task_url       text,
    answered_at    timestamptz NOT NULL
);
CREATE INDEX template_answers_time ON template_answers (answered_at);
CREATE INDEX template_answers_template_time ON template_answers (template, answered_at DESC);

-- Weekly rollups, recomputed for dirty weeks --------------------------------------------------------

-- team '*' is the whole organisation, dimension '*' all workflows / services.
CREATE TABLE weekly_rollups (
    metric      text   NOT NULL,
    week        date   NOT NULL,
    team        text   NOT NULL,
    dimension   text   NOT NULL,
    count       bigint NOT NULL,
    numerator   double precision,
    denominator double precision,
    p50         double precision,
    p90         double precision,
    PRIMARY KEY (metric, week, team, dimension)
);
CREATE INDEX weekly_rollups_week ON weekly_rollups (week);

-- Marks of weeks whose rollups are out of date because an event for them arrived: insert-only on
-- ingest (no unique key, so ingest never waits for a rollup pass), deleted by id by the pass that
-- recomputed the week (decision 0021).
CREATE TABLE dirty_weeks (
    id        bigserial   PRIMARY KEY,
    week      date        NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dirty_weeks_week ON dirty_weeks (week);

-- Directory: engineers and services (Panache) ------------------------------------------------------

CREATE TABLE engineers (
    username   text PRIMARY KEY,
    team       text,
    start_date date,
    email      text,
    scm_login  text,
    source     text        NOT NULL,
    active     boolean     NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX engineers_email ON engineers (lower(email));
CREATE INDEX engineers_scm_login ON engineers (lower(scm_login));

CREATE TABLE services (
    component_ref   text PRIMARY KEY,
    name            text        NOT NULL,
    owner_team      text,
    repository_slug text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_repository ON services (lower(repository_slug));

-- Chat outbox (Panache) -----------------------------------------------------------------------------

CREATE TABLE chat_outbox (
    id              bigserial   PRIMARY KEY,
    webhook         text        NOT NULL,
    kind            text        NOT NULL,
    dedup_key       text        NOT NULL UNIQUE,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_error      text
);
CREATE INDEX chat_outbox_due ON chat_outbox (next_attempt_at) WHERE delivered_at IS NULL;
