-- AgentMeter schema, version 8: StableHash (am_hash() in SQL) reads eight bytes a step instead of one
-- (FNV-1a until version 7), so every stored key hash is computed again. The two key indexes the store
-- writer defers (writer_indexes.sql) are dropped first, so that the updates do not move each row's
-- entry in them one by one; the writer builds them again, in one sort each, before its next lookup of
-- a key. agent_events_hash is permanent and small: it is kept up to date row by row.
DROP INDEX IF EXISTS usage_key;
DROP INDEX IF EXISTS tool_calls_hash;
UPDATE usage_records SET key_hash = am_hash(record_key);
UPDATE tool_calls SET tool_hash = am_hash(tool_use_id);
UPDATE agent_events SET key_hash = am_hash(event_key);
-- A writer of an older build still running when this migration ran (the window, say) would go on
-- storing FNV-1a hashes and find none of the stored keys: every request it read again would count twice.
-- Every batch a writer stores begins by recording its files here, and this trigger names a function only
-- builds of schema 8 and later register (Database::open): an older build's statement no longer
-- compiles, so its batches fail and roll back. WHEN 0: it never runs.
CREATE TRIGGER IF NOT EXISTS source_files_hash_v2 BEFORE INSERT ON source_files WHEN 0 BEGIN SELECT am_hash_v2(); END;
