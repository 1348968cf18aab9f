-- Indexes the store writer itself reads through: the dedup keys of requests and tool calls (migration
-- 1 created the first two) and the spawning call of a sub-agent session, which link resolution joins
-- on. Like query_indexes.sql, a first (bulk) ingest into an empty database drops them and builds them
-- once at the end: meanwhile the writer keeps the rows of each key in memory (UsageStore,
-- ToolCallStore: BulkKeyIndex). Every writer builds them when it opens the store, so an ingest killed
-- in bulk mode leaves nothing missing for the next one. Every statement is idempotent.
CREATE INDEX IF NOT EXISTS usage_key ON usage_records(key_hash);
CREATE INDEX IF NOT EXISTS tool_calls_hash ON tool_calls(tool_hash);
CREATE INDEX IF NOT EXISTS sessions_spawn ON sessions(spawn_tool_use_id) WHERE spawn_tool_use_id IS NOT NULL;
