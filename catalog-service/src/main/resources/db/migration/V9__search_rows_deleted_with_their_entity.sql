-- The foreign key from search to entities checked every inserted search row against entities: one lookup per
-- row, about 20 rows per entity, and the largest single cost of an ingest after the indexes themselves (COPY of
-- 197,000 rows: 3.5 s with the key, 2.3 s without). The rows are written only by the processing write path, in
-- the transaction that writes their entity (SearchRepository.replace), so the check never refused anything. Its
-- ON DELETE CASCADE is replaced by EntityRepository.deleteOne, which deletes an entity's search rows with the
-- entity (still counted by the delete trigger of V8). See docs/decisions/0026.
ALTER TABLE search DROP CONSTRAINT IF EXISTS search_entity_id_fkey;

-- search rows of entities that no longer exist (none are expected; the cascade removed them until now)
DELETE FROM search s WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.entity_id = s.entity_id);
