-- Indexes that only serve queries (the API, the window, budgets), never the store writer. Kept apart
-- from the migrations so that a first (bulk) ingest into an empty database can drop them and build them
-- once at the end, which is much cheaper than maintaining them row by row. A command-line run (report,
-- ingest) needs none of them and leaves them to the next `serve` or `window`, whose writer builds what
-- is missing when it opens the store (StoreWriter::Role). The session report's join by parent
-- gets SQLite's automatic index instead of sessions_parent (90-95 ms on a 1 GB Claude store either
-- way). Every statement is idempotent.
CREATE INDEX IF NOT EXISTS sessions_parent ON sessions(parent_id);
CREATE INDEX IF NOT EXISTS sessions_last_ts ON sessions(last_ts);
CREATE INDEX IF NOT EXISTS usage_ts ON usage_records(ts);
CREATE INDEX IF NOT EXISTS usage_session ON usage_records(session_id);
CREATE INDEX IF NOT EXISTS tool_calls_session ON tool_calls(session_id);
CREATE INDEX IF NOT EXISTS files_touched_session ON files_touched(session_id);
CREATE INDEX IF NOT EXISTS tool_calls_child ON tool_calls(child_session_id) WHERE child_session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS sessions_external ON sessions(external_id);
-- The API's per-project figures (/api/stream's project, /api/metrics/projects): a project's sessions,
-- and the project-less sessions of one directory.
CREATE INDEX IF NOT EXISTS sessions_project ON sessions(project_id, cwd);
-- Latency percentiles read only the requests that recorded a latency, from the index alone.
CREATE INDEX IF NOT EXISTS usage_latency ON usage_records(ts, session_id, latency_ms) WHERE latency_ms IS NOT NULL;
-- Model overrides read only the requests that recorded a requested model.
CREATE INDEX IF NOT EXISTS usage_requested_model ON usage_records(requested_model, model) WHERE requested_model IS NOT NULL;
-- The window's Sessions tree: a project's root sessions, a page at a time, by start or by duration (the
-- expression must read as in SessionOrder::sql()).
CREATE INDEX IF NOT EXISTS sessions_root_start ON sessions(project_id, first_ts) WHERE parent_id IS NULL;
CREATE INDEX IF NOT EXISTS sessions_root_duration ON sessions(project_id, last_ts - first_ts) WHERE parent_id IS NULL;
-- The API's time-window counts (migration 4 created them first; listed here too so that a bulk load
-- builds them once at the end instead of row by row).
CREATE INDEX IF NOT EXISTS tool_calls_start ON tool_calls(start_ts);
CREATE INDEX IF NOT EXISTS tool_calls_errors ON tool_calls(start_ts) WHERE is_error <> 0 OR status = 'error';
CREATE INDEX IF NOT EXISTS prompts_ts ON prompts(ts);
CREATE INDEX IF NOT EXISTS agent_events_session ON agent_events(session_id);
CREATE INDEX IF NOT EXISTS agent_events_ts ON agent_events(ts);
