#!/bin/sh
# A large database for measuring the API, made by SQL alone (no logs, seconds instead of an ingest):
# 100,000 sessions (one in ten a sub-agent of the one before it, spawned by a Task call), 5,000,000
# usage records (50 per session, one a minute) and their usage_rollup and source_rollup, 2,000,000 tool
# calls (one in ten failed, half of them on files), 300,000 prompts, 10,000 API errors, 200 projects, spread evenly
# over SPAN_DAYS days that end at 2026-05-06T12:00Z (tst_monitorroutes' "now"; END_MS overrides it). The schema is the
# build's own migrations and deferred indexes (writer_indexes.sql, query_indexes.sql); no ANALYZE, as in a real store.
#
#   tests/bench/api_bench_db.sh /tmp/api-year.db 365    # a year: a 30-day window holds 8,000 sessions
#   tests/bench/api_bench_db.sh /tmp/api-month.db 30    # everything inside days=30
#   AGENTMETER_API_BENCH_DB=/tmp/api-year.db build/dev/tests/app/api/tst_monitorroutes latency
set -e
DB=${1:?usage: api_bench_db.sh DB [SPAN_DAYS]}
SPAN_DAYS=${2:-365}
SQL_DIR=$(cd "$(dirname "$0")/../../resources/sql" && pwd)
END=${END_MS:-1778068800000} # END_MS: another end (ms since the epoch), e.g. now
SPAN=$((SPAN_DAYS * 86400000))
rm -f "$DB" "$DB-wal" "$DB-shm"
{
    versions=0
    for migration in "$SQL_DIR"/0*.sql; do
        # Migration 8's updates call am_hash(), which only AgentMeter registers: the sqlite3 shell cannot
        # compile them, and the tables are still empty here.
        grep -v 'UPDATE .* am_hash(' "$migration"
        versions=$((versions + 1))
    done
    cat <<SQL
PRAGMA user_version=$versions;
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
INSERT INTO projects(id, path, name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
  SELECT i, '/home/u/proj' || i, 'proj' || i FROM n;
INSERT INTO sessions(id, source_id, external_id, parent_id, project_id, title, cwd, agent, first_ts, last_ts,
                     task_prompt, last_output)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
  SELECT i, 1 + i % 5, printf('ses-%08d', i), CASE WHEN i % 10 = 0 THEN i - 1 END, 1 + i % 200,
         'Session ' || i || ' refactor things', '/home/u/proj' || (1 + i % 200),
         CASE WHEN i % 10 = 0 THEN 'explore' ELSE 'main' END,
         $END - $SPAN + i * ($SPAN / 100000), $END - $SPAN + i * ($SPAN / 100000) + 3000000,
         CASE WHEN i % 10 = 0 THEN 'Find things ' || i END, 'Done ' || i
  FROM n;
INSERT INTO usage_records(session_id, ts, model, provider, input_tokens, output_tokens, cache_read_tokens,
                          cache_write_5m_tokens, computed_cost, record_key, key_hash)
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999999)
  SELECT 1 + i / 50, s.first_ts + (i % 50) * 60000,
         CASE (i / 50) % 4 WHEN 0 THEN 'claude-sonnet-4-5' WHEN 1 THEN 'claude-opus-4-1' WHEN 2 THEN 'gpt-5.4'
                           ELSE 'gemini-2.5-pro' END,
         '', 10 + i % 100, 100 + i % 300, 20000 + i % 5000, i % 7 * 100, 0.01, 'k' || i, i
  FROM n JOIN sessions s ON s.id = 1 + i / 50;
INSERT INTO usage_rollup(session_id, bucket, model, input_tokens, output_tokens, cache_read_tokens,
                         cache_write_5m_tokens, requests, computed_cost, auto_cost)
  SELECT session_id, ts / 900000, model, SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
         SUM(cache_write_5m_tokens), COUNT(*), SUM(computed_cost), SUM(computed_cost)
  FROM usage_records GROUP BY 1, 2, 3;
INSERT INTO source_rollup(source_id, bucket, model, input_tokens, output_tokens, cache_read_tokens,
                          cache_write_5m_tokens, requests, computed_cost, auto_cost)
  SELECT s.source_id, r.bucket, r.model, SUM(r.input_tokens), SUM(r.output_tokens), SUM(r.cache_read_tokens),
         SUM(r.cache_write_5m_tokens), SUM(r.requests), SUM(r.computed_cost), SUM(r.auto_cost)
  FROM usage_rollup r JOIN sessions s ON s.id = r.session_id GROUP BY 1, 2, 3;
INSERT INTO tool_calls(session_id, tool_use_id, name, status, start_ts, end_ts, duration_ms, is_error, file_path,
                       file_operation, tool_hash)
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999999)
  SELECT 1 + i / 20, 'tu' || i, CASE i % 4 WHEN 0 THEN 'Read' WHEN 1 THEN 'Edit' WHEN 2 THEN 'Bash' ELSE 'Grep' END,
         CASE WHEN i % 10 = 3 THEN 'error' ELSE 'completed' END, s.first_ts + (i % 20) * 120000,
         s.first_ts + (i % 20) * 120000 + 500, 500, CASE WHEN i % 10 = 3 THEN 1 ELSE 0 END,
         CASE i % 4 WHEN 0 THEN '/f/' || (i % 1000) WHEN 1 THEN '/f/' || (i % 1000) END,
         CASE i % 4 WHEN 0 THEN 'read' WHEN 1 THEN 'edit' END, i
  FROM n JOIN sessions s ON s.id = 1 + i / 20;
UPDATE tool_calls SET name = 'Task', file_path = NULL, file_operation = NULL, child_session_id = session_id + 1
  WHERE id IN (SELECT (id - 1) * 20 + 6 FROM sessions WHERE id % 10 = 9);
INSERT INTO prompts(session_id, uuid, ts, text, length)
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299999)
  SELECT 1 + i / 3, 'p' || i, s.first_ts + (i % 3) * 600000, 'please refactor module ' || i, 30
  FROM n JOIN sessions s ON s.id = 1 + i / 3;
INSERT INTO agent_events(session_id, ts, kind, model, message, event_key, key_hash)
  SELECT id, first_ts + 1000, 'error', 'claude-sonnet-4-5', 'overloaded', 'e' || id, id FROM sessions WHERE id % 10 = 1;
COMMIT;
SQL
    cat "$SQL_DIR/writer_indexes.sql" "$SQL_DIR/query_indexes.sql"
    echo "PRAGMA wal_checkpoint(TRUNCATE);"
} | sqlite3 "$DB" > /dev/null
