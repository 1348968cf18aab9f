-- AgentMeter schema, version 4: indexes the monitor API needs.
-- /api/global-stats and /api/stats/daily count the tool calls, failed tool calls and prompts of a time
-- window. Without these indexes they are reached through every session active in the window: 45-50
-- ms each for the 8,000 sessions of a 30-day window in a database of 100,000 sessions, 2,000,000 tool
-- calls and 300,000 prompts, against 3, 0.5 and 0.2 ms with them. The failures are a partial index:
-- few rows, and its condition is the one the queries say (a query must repeat it word for word).
CREATE INDEX IF NOT EXISTS tool_calls_start ON tool_calls(start_ts);
CREATE INDEX IF NOT EXISTS tool_calls_errors ON tool_calls(start_ts) WHERE is_error <> 0 OR status = 'error';
CREATE INDEX IF NOT EXISTS prompts_ts ON prompts(ts);
-- A session's API errors and retries (/api/session/<id>/summary and timeline) without reading them all.
CREATE INDEX IF NOT EXISTS agent_events_session ON agent_events(session_id);
