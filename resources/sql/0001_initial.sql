-- AgentMeter schema, version 1.
-- Times are UTC milliseconds since the epoch; bucketing into days happens at query time in the
-- requested time zone. Token columns are the normalised buckets of formats.md §1.1: input_tokens is
-- fresh (uncached) input, output_tokens excludes reasoning, every bucket is disjoint.

-- Small facts about the store itself, e.g. the fingerprint of the price book that computed_cost was
-- calculated with (a different book triggers a re-pricing pass, never a re-ingest).
CREATE TABLE meta (
    key     TEXT PRIMARY KEY,
    value   TEXT
);

CREATE TABLE sources (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE            -- 'claude', 'codex', 'opencode', 'openclaw', 'gemini'
);

-- One ingest cursor per source file (architecture.md §4). offset is the byte after the last
-- complete line consumed; it is committed in the same transaction as the rows it produced.
CREATE TABLE source_files (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(id),
    path            TEXT NOT NULL UNIQUE,
    device          INTEGER NOT NULL DEFAULT 0,
    inode           INTEGER NOT NULL DEFAULT 0,
    size            INTEGER NOT NULL DEFAULT 0,
    mtime_ns        INTEGER NOT NULL DEFAULT 0,
    offset          INTEGER NOT NULL DEFAULT 0,
    lines_parsed    INTEGER NOT NULL DEFAULT 0,
    lines_skipped   INTEGER NOT NULL DEFAULT 0,
    last_skip_reason TEXT,
    resets          INTEGER NOT NULL DEFAULT 0, -- times the file shrank or was replaced and was re-read
    updated_at      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE projects (
    id      INTEGER PRIMARY KEY,
    path    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL
);

-- A session is one conversation of one agent; sub-agents are child sessions (parent_id).
-- Rows can be created as placeholders (only source and external id) when a child names a parent
-- that has not been read yet; the parent's own lines fill in the rest.
CREATE TABLE sessions (
    id                  INTEGER PRIMARY KEY,
    source_id           INTEGER NOT NULL REFERENCES sources(id),
    external_id         TEXT NOT NULL,
    parent_id           INTEGER REFERENCES sessions(id),
    project_id          INTEGER REFERENCES projects(id),
    title               TEXT,
    title_rank          INTEGER NOT NULL DEFAULT 0, -- 4 custom-title, 3 ai-title/agent-name, 2 summary, 1 first prompt
    title_ts            INTEGER,
    cwd                 TEXT,
    git_branch          TEXT,
    agent               TEXT,                        -- sub-agent type, or 'main'
    agent_version       TEXT,
    first_ts            INTEGER,
    last_ts             INTEGER,
    spawn_tool_use_id   TEXT,                        -- tool call in the parent that spawned this sub-agent
    spawn_depth         INTEGER,
    is_sidechain        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source_id, external_id)
);

-- One row per billed model request, after de-duplication. (record_key, request_id) is the source's
-- idempotency key: Claude's message.id and requestId; other sources put their own key in record_key
-- and leave request_id ''. The store writer enforces it (Claude's rules need more than uniqueness:
-- keep the largest copy, prefer the main chain) through key_hash, a stable 64-bit hash of record_key
-- (am_hash() in SQL).
CREATE TABLE usage_records (
    id                      INTEGER PRIMARY KEY,
    session_id              INTEGER NOT NULL REFERENCES sessions(id),
    ts                      INTEGER NOT NULL,
    model                   TEXT,
    provider                TEXT,
    input_tokens            INTEGER NOT NULL DEFAULT 0,
    output_tokens           INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens       INTEGER NOT NULL DEFAULT 0,
    cache_write_5m_tokens   INTEGER NOT NULL DEFAULT 0,
    cache_write_1h_tokens   INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens        INTEGER NOT NULL DEFAULT 0,
    logged_cost             REAL,                   -- cost the agent wrote itself, if any
    computed_cost           REAL,                   -- our price book's cost; NULL = unpriced
    price_entry             TEXT,                   -- 'provider/model@start_date' used for computed_cost
    record_key              TEXT NOT NULL,
    request_id              TEXT NOT NULL DEFAULT '',
    is_sidechain            INTEGER NOT NULL DEFAULT 0,
    agent                   TEXT,
    speed                   TEXT,
    file_id                 INTEGER REFERENCES source_files(id),
    byte_offset             INTEGER,
    key_hash                INTEGER NOT NULL
);
CREATE INDEX usage_key ON usage_records(key_hash);

-- Sums of usage_records per session, 15-minute UTC bucket and model, kept by the store writer in the
-- same transaction as the records (derived data: rebuilt whenever records are re-priced). Reports read
-- these few rows instead of every request; a local day, week or month is a whole number of buckets,
-- because every UTC offset in use is a multiple of 15 minutes. Costs per mode: computed (NULL-free
-- sum, unpriced count), logged, and auto = logged when present else computed.
CREATE TABLE usage_rollup (
    session_id              INTEGER NOT NULL REFERENCES sessions(id),
    bucket                  INTEGER NOT NULL,   -- ts / 900000
    model                   TEXT NOT NULL,      -- '' when none
    input_tokens            INTEGER NOT NULL DEFAULT 0,
    output_tokens           INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens       INTEGER NOT NULL DEFAULT 0,
    cache_write_5m_tokens   INTEGER NOT NULL DEFAULT 0,
    cache_write_1h_tokens   INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens        INTEGER NOT NULL DEFAULT 0,
    requests                INTEGER NOT NULL DEFAULT 0,
    computed_cost           REAL NOT NULL DEFAULT 0,
    computed_unpriced       INTEGER NOT NULL DEFAULT 0,
    logged_cost             REAL NOT NULL DEFAULT 0,
    auto_cost               REAL NOT NULL DEFAULT 0,
    auto_unpriced           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, bucket, model)
) WITHOUT ROWID;

-- Tool calls, unique per (tool_use_id, session_id) as enforced by the store writer; tool_hash is
-- am_hash(tool_use_id), the lookup key.
CREATE TABLE tool_calls (
    id                  INTEGER PRIMARY KEY,
    session_id          INTEGER NOT NULL REFERENCES sessions(id),
    tool_use_id         TEXT NOT NULL,
    name                TEXT,
    status              TEXT NOT NULL DEFAULT 'pending',  -- pending, completed, error, interrupted
    start_ts            INTEGER,
    end_ts              INTEGER,
    duration_ms         INTEGER,
    is_error            INTEGER NOT NULL DEFAULT 0,
    file_path           TEXT,
    file_operation      TEXT,                              -- read, write, edit, search, delete
    child_session_id    INTEGER REFERENCES sessions(id),
    file_id             INTEGER REFERENCES source_files(id),
    byte_offset         INTEGER,
    tool_hash           INTEGER NOT NULL
);
CREATE INDEX tool_calls_hash ON tool_calls(tool_hash);

-- Further files a tool call touched, beyond tool_calls.file_path (multi-file patches). Rows are written
-- only together with their new tool call, which makes them idempotent without a unique index.
CREATE TABLE files_touched (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id),
    tool_call_id    INTEGER REFERENCES tool_calls(id),
    path            TEXT NOT NULL,
    operation       TEXT NOT NULL,      -- read, write, edit, search, delete
    ts              INTEGER
);

-- Every file touch, whichever table holds it.
CREATE VIEW file_touches AS
    SELECT session_id, id AS tool_call_id, file_path AS path, file_operation AS operation, start_ts AS ts
    FROM tool_calls WHERE file_path IS NOT NULL AND file_operation IS NOT NULL
    UNION ALL
    SELECT session_id, tool_call_id, path, operation, ts FROM files_touched;

-- User prompts. text is NULL when content storage is off (--no-content); length is kept either way.
CREATE TABLE prompts (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions(id),
    uuid            TEXT NOT NULL,
    ts              INTEGER,
    text            TEXT,
    length          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, uuid)
);

INSERT INTO sources(id, name) VALUES (1, 'claude'), (2, 'codex'), (3, 'opencode'), (4, 'openclaw'), (5, 'gemini');
