-- Facet counts for the fields listed in facet_keys, kept current by the writes to the search table
-- (docs/decisions/0006): an unfiltered /entity-facets request for such a field reads a few rows
-- instead of grouping the whole search table. Counts are search rows per (field, original value),
-- the same numbers the grouping query returns. Rows are locked in (key, value) order so concurrent
-- writers queue instead of deadlocking.

CREATE TABLE facet_keys (
    key text PRIMARY KEY
);

CREATE TABLE facet_counts (
    key   text   NOT NULL,
    value text   NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (key, value)
);

CREATE FUNCTION atrium_count_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO facet_counts (key, value, count)
        SELECT n.key, n.original_value, count(*)
        FROM new_rows n JOIN facet_keys k ON k.key = n.key
        WHERE n.value IS NOT NULL
        GROUP BY n.key, n.original_value
        ORDER BY 1, 2
        ON CONFLICT (key, value) DO UPDATE SET count = facet_counts.count + EXCLUDED.count;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO facet_counts (key, value, count)
        SELECT o.key, o.original_value, -count(*)
        FROM old_rows o JOIN facet_keys k ON k.key = o.key
        WHERE o.value IS NOT NULL
        GROUP BY o.key, o.original_value
        ORDER BY 1, 2
        ON CONFLICT (key, value) DO UPDATE SET count = facet_counts.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER search_rows_inserted AFTER INSERT ON search REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_count_facets();
CREATE TRIGGER search_rows_updated AFTER UPDATE ON search REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_count_facets();
CREATE TRIGGER search_rows_deleted AFTER DELETE ON search REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_count_facets();
