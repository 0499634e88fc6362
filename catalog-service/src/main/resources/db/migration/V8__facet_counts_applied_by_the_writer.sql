-- Facet counts (V3) are now kept by the processing write path itself (SearchRepository, docs/decisions/0014):
-- it copies search rows in with COPY, adds up each pass's count changes and applies them in one ordered
-- statement at the end of its transaction. So hot count rows (kind=Component) are locked only just before the
-- commit instead of from the first search write on, and inserting search rows costs no trigger.
--
-- Inserts into search are therefore no longer counted by a trigger; SearchRepository is the only code that
-- inserts search rows. Deletes and updates still are, so rows removed any other way (ON DELETE CASCADE from
-- entities, by another instance, by hand) keep the counts exact, except while the deleting transaction has set
-- atrium.facet_counts = 'deferred': SearchRepository sets it around its own delete, whose rows it counts itself.
--
-- Upgrading: rows that instances of the previous version insert after this migration committed are not
-- counted. Stop processing on the old instances first (atrium.catalog.processing.enabled=false) or replace the
-- deployment instead of rolling it.

DROP TRIGGER IF EXISTS search_rows_inserted ON search;

CREATE OR REPLACE FUNCTION atrium_count_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('atrium.facet_counts', true) = 'deferred' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
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
