-- The search rows of the fields most filters and side bars name, as columns of one row per entity
-- (docs/decisions/0030): kind, namespace, spec.type, spec.lifecycle, spec.owner, spec.system, spec.domain and the tags. Counting or grouping the entities of a broad filter (kind=component,spec.type=service:
-- 175k of 500k entities) from the search table reads hundreds of thousands of its rows per field named; here it is
-- one scan of a narrow table. Values are the search table's: lower case, with the original value kept only where it
-- differs (facets group by the original). A field given more than once, or with a value too long for the search
-- table (kept there as null), makes the entity irregular: while any entity is, counts and facets use the search table.
--
-- Rows are derived from an entity's search rows by SearchColumns.of only: the writer copies them in with the
-- search rows it has just written (SearchRepository.replace), and migration V11 for every existing entity.
CREATE TABLE search_columns (
    entity_id           uuid PRIMARY KEY,
    irregular           boolean NOT NULL,
    kind                text,
    namespace           text,
    type                text,
    lifecycle           text,
    owner               text,
    system              text,
    domain              text,
    tags                text[],
    kind_original       text,
    namespace_original  text,
    type_original       text,
    lifecycle_original  text,
    owner_original      text,
    system_original     text,
    domain_original     text,
    tags_original       text[]
);
CREATE INDEX search_columns_irregular_idx ON search_columns (entity_id) WHERE irregular;
