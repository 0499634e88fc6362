-- Every committed change to an entity document or to the relations attached to it is announced on the
-- channel atrium_entity_changes, so that each instance's document cache (docs/decisions/0006) drops
-- exactly the entities that changed. The payload lists the affected entity refs, one per line, or is
-- '*' when the list would not fit into one notification. Statements that change no row stay silent.

CREATE FUNCTION atrium_notify_entity_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    refs text;
BEGIN
    IF TG_TABLE_NAME = 'entities' THEN
        IF TG_OP = 'DELETE' THEN
            SELECT string_agg(DISTINCT entity_ref, E'\n') INTO refs FROM old_rows;
        ELSE
            SELECT string_agg(DISTINCT entity_ref, E'\n') INTO refs FROM new_rows;
        END IF;
    ELSE
        IF TG_OP = 'DELETE' THEN
            SELECT string_agg(DISTINCT source_ref, E'\n') INTO refs FROM old_rows;
        ELSIF TG_OP = 'INSERT' THEN
            SELECT string_agg(DISTINCT source_ref, E'\n') INTO refs FROM new_rows;
        ELSE
            SELECT string_agg(DISTINCT r, E'\n') INTO refs
            FROM (SELECT source_ref AS r FROM old_rows UNION SELECT source_ref FROM new_rows) x;
        END IF;
    END IF;
    IF refs IS NOT NULL THEN
        PERFORM pg_notify('atrium_entity_changes', CASE WHEN octet_length(refs) > 7000 THEN '*' ELSE refs END);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER entities_inserted AFTER INSERT ON entities REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_notify_entity_changes();
CREATE TRIGGER entities_updated AFTER UPDATE ON entities REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_notify_entity_changes();
CREATE TRIGGER entities_deleted AFTER DELETE ON entities REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_notify_entity_changes();

CREATE TRIGGER relations_inserted AFTER INSERT ON relations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_notify_entity_changes();
CREATE TRIGGER relations_updated AFTER UPDATE ON relations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_notify_entity_changes();
CREATE TRIGGER relations_deleted AFTER DELETE ON relations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atrium_notify_entity_changes();
