-- AgentMeter schema, version 5: usage per source, 15-minute UTC bucket and model.
-- Daily, weekly and monthly reports without a project filter need no session, only each row's source:
-- on a Codex store of 23,000 sessions they read 70,000 usage_rollup rows and every session to learn
-- it, where this table holds 9,300 rows. The same sums as usage_rollup (see 0001_initial.sql), kept
-- by the store writer in the same transaction and rebuilt with it after re-pricing.
CREATE TABLE source_rollup (
    source_id               INTEGER NOT NULL REFERENCES sources(id),
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
    PRIMARY KEY (source_id, bucket, model)
) WITHOUT ROWID;

-- A store of an earlier version: the sums of its usage_rollup, per source.
INSERT INTO source_rollup SELECT s.source_id, r.bucket, r.model, SUM(r.input_tokens), SUM(r.output_tokens),
    SUM(r.cache_read_tokens), SUM(r.cache_write_5m_tokens), SUM(r.cache_write_1h_tokens),
    SUM(r.reasoning_tokens), SUM(r.requests), TOTAL(r.computed_cost), SUM(r.computed_unpriced),
    TOTAL(r.logged_cost), TOTAL(r.auto_cost), SUM(r.auto_unpriced)
FROM usage_rollup r JOIN sessions s ON s.id = r.session_id GROUP BY 1, 2, 3;
