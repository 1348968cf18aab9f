-- AgentMeter schema, version 2: every source, one session and trace model (issue 3).

-- What a parser needs to resume a file mid-way (Codex: the current model and the running token
-- totals), committed with the file's offset. NULL: the parser keeps no state.
ALTER TABLE source_files ADD COLUMN parser_state BLOB;

-- What a sub-agent was asked (the spawning call's prompt), what the session answered last, and how it
-- ended as far as the agent recorded it ('completed', 'error', 'interrupted', ...; NULL = unknown).
-- Text columns stay NULL with --no-content.
ALTER TABLE sessions ADD COLUMN task_prompt TEXT;
ALTER TABLE sessions ADD COLUMN last_output TEXT;
ALTER TABLE sessions ADD COLUMN last_output_ts INTEGER;
ALTER TABLE sessions ADD COLUMN status TEXT;

-- A session's own usage (its sub-agents excluded), from the rollup.
CREATE VIEW session_totals AS
    SELECT session_id,
           SUM(requests) AS requests,
           SUM(input_tokens) AS input_tokens,
           SUM(output_tokens) AS output_tokens,
           SUM(cache_read_tokens) AS cache_read_tokens,
           SUM(cache_write_5m_tokens) AS cache_write_5m_tokens,
           SUM(cache_write_1h_tokens) AS cache_write_1h_tokens,
           SUM(reasoning_tokens) AS reasoning_tokens,
           SUM(auto_cost) AS cost,
           SUM(auto_unpriced) AS unpriced_requests
    FROM usage_rollup GROUP BY session_id;

-- Every session with each of its descendants (itself included), at any depth: a parent's totals with
-- its sub-agents are a join of this with session_totals.
CREATE VIEW session_descendants AS
    WITH RECURSIVE tree(root_id, session_id, depth) AS (
        SELECT id, id, 0 FROM sessions
        UNION ALL
        SELECT tree.root_id, s.id, tree.depth + 1 FROM sessions s JOIN tree ON s.parent_id = tree.session_id
        WHERE tree.depth < 64
    )
    SELECT root_id, session_id, depth FROM tree;

-- One trace per agent invocation: a root session (invoked by the user) or a sub-agent session
-- (invoked by its parent). trace_id is the session's external id; session_id is where the invocation
-- happened (the parent for a sub-agent, itself for a root); child_session_id is the invoked sub-agent.
-- Tokens in = fresh input + cache read + cache writes; tokens out = output + reasoning. Status: the
-- session's own when recorded, else its spawning tool call's, else 'completed'.
CREATE VIEW traces AS
    SELECT s.id AS session_row_id,
           s.source_id AS source_id,
           s.external_id AS trace_id,
           COALESCE(p.external_id, s.external_id) AS session_id,
           p.external_id AS parent_trace_id,
           CASE WHEN s.parent_id IS NULL THEN 'user' ELSE COALESCE(p.agent, 'main') END AS parent_agent,
           COALESCE(s.agent, 'main') AS subagent_type,
           COALESCE(tc.start_ts, s.first_ts) AS started_at,
           COALESCE(s.last_ts, tc.end_ts) AS ended_at,
           COALESCE(s.last_ts, tc.end_ts) - COALESCE(tc.start_ts, s.first_ts) AS duration_ms,
           COALESCE(t.input_tokens + t.cache_read_tokens + t.cache_write_5m_tokens + t.cache_write_1h_tokens, 0)
               AS tokens_in,
           COALESCE(t.output_tokens + t.reasoning_tokens, 0) AS tokens_out,
           COALESCE(t.cost, 0) AS cost,
           COALESCE(t.requests, 0) AS requests,
           COALESCE(s.status,
                    CASE tc.status WHEN 'pending' THEN 'running' ELSE tc.status END,
                    'completed') AS status,
           COALESCE(s.task_prompt,
                    (SELECT pr.text FROM prompts pr WHERE pr.session_id = s.id ORDER BY pr.ts, pr.id LIMIT 1))
               AS prompt_input,
           s.last_output AS prompt_output,
           CASE WHEN s.parent_id IS NULL THEN NULL ELSE s.external_id END AS child_session_id,
           s.title AS session_title,
           s.cwd AS session_directory
    FROM sessions s
    LEFT JOIN sessions p ON p.id = s.parent_id
    LEFT JOIN session_totals t ON t.session_id = s.id
    LEFT JOIN tool_calls tc ON tc.id = (SELECT c.id FROM tool_calls c WHERE c.child_session_id = s.id
                                        ORDER BY c.id LIMIT 1);

-- One row per delegation: a parent session handing work to a sub-agent session.
CREATE VIEW delegations AS
    SELECT s.id AS id,
           s.source_id AS source_id,
           p.external_id AS parent_session_id,
           COALESCE(p.agent, 'main') AS parent_agent,
           COALESCE(s.agent, 'main') AS child_agent,
           s.external_id AS child_session_id,
           COALESCE((SELECT c.start_ts FROM tool_calls c WHERE c.child_session_id = s.id ORDER BY c.id LIMIT 1),
                    s.first_ts) AS created_at
    FROM sessions s JOIN sessions p ON p.id = s.parent_id;
