-- Indexes the store writer itself reads through: the dedup keys of requests and tool calls (migration
-- 1 created them, migration 8 dropped them for its updates). Like query_indexes.sql, a first (bulk)
-- ingest into an empty database drops them;
-- meanwhile the writer keeps the rows of each key in memory (UsageStore, ToolCallStore: BulkKeyIndex).
-- A server's writer builds them at the end of the load and whenever it opens a store without them; the
-- command line's leaves them to its next run that looks a key up (StoreWriter::Role). Every statement
-- is idempotent.
CREATE INDEX IF NOT EXISTS usage_key ON usage_records(key_hash);
CREATE INDEX IF NOT EXISTS tool_calls_hash ON tool_calls(tool_hash);
