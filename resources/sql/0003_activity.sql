-- AgentMeter schema, version 3: what the activity feed and the live API need (issue 4).

-- How long the request took, where the source records it (OpenCode: message time.created to
-- time.completed); NULL = not recorded. Latency percentiles are computed over non-NULL values only.
ALTER TABLE usage_records ADD COLUMN latency_ms INTEGER;
-- The model that was asked for, where the source records it separately from the model that answered
-- (OpenCode: the user message's model); NULL = not recorded. A request whose requested_model differs
-- from model is a 'model_override' in the activity feed.
ALTER TABLE usage_records ADD COLUMN requested_model TEXT;

-- API errors and retries the agents record (Claude system/api_error and isApiErrorMessage lines,
-- OpenCode message errors and retry parts, Gemini error messages, OpenClaw error stop reasons, Codex
-- error events). Unique per event_key as enforced by the store writer (key_hash = am_hash(event_key)).
CREATE TABLE agent_events (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id),
    ts              INTEGER NOT NULL,
    kind            TEXT NOT NULL,          -- 'error' (a failed request) or 'retry' (a retried one)
    model           TEXT,
    message         TEXT,                   -- the agent's error text, capped; NULL with --no-content
    retry_attempt   INTEGER,
    agent           TEXT,
    event_key       TEXT NOT NULL,
    key_hash        INTEGER NOT NULL,
    file_id         INTEGER REFERENCES source_files(id),
    byte_offset     INTEGER
);
CREATE INDEX agent_events_hash ON agent_events(key_hash);
CREATE INDEX agent_events_ts ON agent_events(ts);

-- The activity feed of analytics-stream-api.md: one item per billed request and one per recorded error
-- or retry. A request is a 'model_override' when the source recorded a different requested model,
-- else a 'cache_hit' when more than half of its prompt was read from the prompt cache, else a
-- 'cache_miss' when it used the cache at all (wrote to it, or read a minority), else an 'api_call'.
-- tokens = every input bucket + output + reasoning. rid orders items of one millisecond stably.
CREATE VIEW activity AS
    SELECT u.ts AS ts,
           'u' || u.id AS rid,
           CASE
               WHEN u.requested_model IS NOT NULL AND u.requested_model <> COALESCE(u.model, '')
                   THEN 'model_override'
               WHEN u.cache_read_tokens * 2
                    > u.input_tokens + u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens
                   THEN 'cache_hit'
               WHEN u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens > 0
                   THEN 'cache_miss'
               ELSE 'api_call'
           END AS event_type,
           u.session_id AS session_id,
           COALESCE(u.agent, s.agent) AS agent_name,
           u.model AS model,
           u.requested_model AS requested_model,
           u.input_tokens + u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens
               + u.output_tokens + u.reasoning_tokens AS tokens,
           u.latency_ms AS latency_ms,
           COALESCE(u.logged_cost, u.computed_cost) AS cost,
           NULL AS message
    FROM usage_records u JOIN sessions s ON s.id = u.session_id
    UNION ALL
    SELECT e.ts, 'e' || e.id, 'error', e.session_id, COALESCE(e.agent, s.agent), e.model, NULL, NULL, NULL, NULL,
           e.message
    FROM agent_events e JOIN sessions s ON s.id = e.session_id;
