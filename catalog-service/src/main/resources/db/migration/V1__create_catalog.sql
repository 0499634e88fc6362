-- Catalog schema: registered locations, the processing state of every known entity, final
-- entities as JSONB documents, a flattened search table, relations, history and the kind model.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Locations registered through POST /locations.
CREATE TABLE locations (
    id          uuid PRIMARY KEY,
    type        text        NOT NULL,
    target      text        NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT locations_type_target_key UNIQUE (type, target)
);

-- One row per entity known to the processing loop, including the Location entity generated for
-- each registered location. Rows are claimed with FOR UPDATE SKIP LOCKED when due.
CREATE TABLE refresh_state (
    entity_id           uuid PRIMARY KEY,
    entity_ref          text        NOT NULL UNIQUE,
    unprocessed_entity  jsonb       NOT NULL,
    location_key        text,
    origin_location_id  uuid,
    next_update_at      timestamptz NOT NULL DEFAULT now(),
    last_processed_at   timestamptz,
    errors              jsonb,
    result_hash         text
);
CREATE INDEX refresh_state_due_idx ON refresh_state (next_update_at);
CREATE INDEX refresh_state_origin_idx ON refresh_state (origin_location_id);

-- Parent -> child edges: a registered location (source_location_id) or a Location entity
-- (source_entity_ref) emitted target_entity_ref.
CREATE TABLE refresh_state_references (
    id                  bigserial PRIMARY KEY,
    source_location_id  uuid,
    source_entity_ref   text,
    target_entity_ref   text NOT NULL,
    CONSTRAINT refresh_state_references_source CHECK (num_nonnulls(source_location_id, source_entity_ref) = 1)
);
CREATE INDEX rsr_source_entity_idx ON refresh_state_references (source_entity_ref);
CREATE INDEX rsr_source_location_idx ON refresh_state_references (source_location_id);
CREATE INDEX rsr_target_idx ON refresh_state_references (target_entity_ref);

-- Final entities served by the API. kind/namespace/name are lower-case copies used as sort keys.
CREATE TABLE entities (
    entity_id   uuid PRIMARY KEY,
    entity_ref  text        NOT NULL UNIQUE,
    kind        text        NOT NULL,
    namespace   text        NOT NULL,
    name        text        NOT NULL,
    entity      jsonb       NOT NULL,
    hash        text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_kind_name_idx ON entities (kind, name, entity_id);
CREATE INDEX entities_name_idx ON entities (name, entity_id);

-- Flattened, lower-cased (key, value) pairs of every entity, for filters, facets and full text.
CREATE TABLE search (
    entity_id       uuid NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE,
    key             text NOT NULL,
    value           text,
    original_value  text
);
CREATE INDEX search_key_value_idx ON search (key, value, entity_id);
CREATE INDEX search_entity_idx ON search (entity_id);
CREATE INDEX search_value_trgm_idx ON search USING gin (value gin_trgm_ops);

-- Relations in both directions, owned by the entity whose spec produced them.
CREATE TABLE relations (
    originating_entity_id  uuid NOT NULL,
    source_ref             text NOT NULL,
    type                   text NOT NULL,
    target_ref             text NOT NULL
);
CREATE INDEX relations_source_idx ON relations (source_ref, type, target_ref);
CREATE INDEX relations_type_target_idx ON relations (lower(type), target_ref);
CREATE INDEX relations_origin_idx ON relations (originating_entity_id);

-- Added / changed / removed events for every entity.
CREATE TABLE history (
    id              bigserial PRIMARY KEY,
    entity_ref      text        NOT NULL,
    entity_id       uuid,
    event           text        NOT NULL CHECK (event IN ('added', 'changed', 'removed')),
    changed_fields  jsonb,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX history_entity_ref_idx ON history (entity_ref, id);

-- Versioned runtime model: kinds added or extended by admins (built-in kinds ship in the jar).
CREATE TABLE kind_models (
    kind        text        NOT NULL,
    version     int         NOT NULL,
    definition  jsonb       NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, version)
);
