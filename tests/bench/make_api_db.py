#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fills an AgentMeter database (schema made by `agentmeter ingest`) with a synthetic history for the
API benchmark: SESSIONS sessions (a fifth of them sub-agents of an earlier session) over the last 90
days, RECORDS usage records spread evenly over them, ten tool calls and one prompt per session, and the
usage rollup the store writer would have kept. Rows are generated inside SQLite (recursive CTEs), so
5M records take seconds, not minutes.

usage: make_api_db.py DB [SESSIONS] [RECORDS]
"""
import sqlite3
import sys
import time

db_path = sys.argv[1]
sessions = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
records = int(sys.argv[3]) if len(sys.argv) > 3 else 5_000_000
per_session = max(1, records // sessions)
now_ms = int(time.time() * 1000)
span_ms = 90 * 86_400_000
step_ms = span_ms // sessions

db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
if db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]:
    sys.exit(f"{db_path} already has sessions")

started = time.time()
with db:
    db.execute("""INSERT INTO projects(id, path, name)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
        SELECT i, '/home/user/src/project-' || i, 'project-' || i FROM n""")
    # Session k starts k steps after the window's start; every fifth one is a sub-agent of the
    # session before it.
    db.execute(f"""INSERT INTO sessions(id, source_id, external_id, parent_id, project_id, title, cwd,
            agent, first_ts, last_ts, status)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {sessions})
        SELECT i, 1 + (i % 5), printf('bench-%08d', i),
               CASE WHEN i % 5 = 0 THEN i - 1 END,
               1 + (i % 300), 'Benchmark session ' || i, '/home/user/src/project-' || (1 + (i % 300)),
               CASE WHEN i % 5 = 0 THEN 'explore' ELSE 'main' END,
               {now_ms - span_ms} + i * {step_ms},
               {now_ms - span_ms} + i * {step_ms} + {per_session - 1} * 30000,
               'completed'
        FROM n""")
    db.execute(f"""INSERT INTO usage_records(session_id, ts, model, provider, input_tokens, output_tokens,
            cache_read_tokens, cache_write_5m_tokens, reasoning_tokens, computed_cost, price_entry,
            record_key, key_hash, latency_ms)
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {sessions * per_session - 1})
        SELECT 1 + i / {per_session},
               {now_ms - span_ms} + (1 + i / {per_session}) * {step_ms} + (i % {per_session}) * 30000,
               CASE i % 3 WHEN 0 THEN 'claude-sonnet-4-5' WHEN 1 THEN 'claude-opus-4-1' ELSE 'gpt-5' END,
               CASE i % 3 WHEN 2 THEN 'openai' ELSE 'anthropic' END,
               100 + i % 900, 200 + i % 1500, 20000 + i % 50000, i % 7 * 300, 0,
               (100 + i % 900) * 3e-6 + (200 + i % 1500) * 15e-6 + (20000 + i % 50000) * 0.3e-6,
               'bench', 'bench:' || i, i, 500 + i % 4000
        FROM n""")
    db.execute(f"""INSERT INTO tool_calls(session_id, tool_use_id, name, status, start_ts, end_ts,
            duration_ms, is_error, file_path, file_operation, tool_hash)
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {sessions * 10 - 1})
        SELECT 1 + i / 10, 'toolu_' || i,
               CASE i % 4 WHEN 0 THEN 'Read' WHEN 1 THEN 'Edit' WHEN 2 THEN 'Bash' ELSE 'Grep' END,
               CASE WHEN i % 50 = 0 THEN 'error' ELSE 'completed' END,
               {now_ms - span_ms} + (1 + i / 10) * {step_ms} + (i % 10) * 60000,
               {now_ms - span_ms} + (1 + i / 10) * {step_ms} + (i % 10) * 60000 + 1200,
               1200, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END,
               CASE i % 4 WHEN 0 THEN '/home/user/src/f' || (i % 97) || '.py' WHEN 1 THEN '/home/user/src/f' || (i % 97) || '.py' END,
               CASE i % 4 WHEN 0 THEN 'read' WHEN 1 THEN 'edit' END,
               i
        FROM n""")
    db.execute(f"""INSERT INTO prompts(session_id, uuid, ts, text, length)
        SELECT id, 'p-' || id, first_ts, 'Please work on task ' || id, 20 FROM sessions""")
    db.execute("""INSERT INTO usage_rollup(session_id, bucket, model, input_tokens, output_tokens,
            cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, requests,
            computed_cost, computed_unpriced, logged_cost, auto_cost, auto_unpriced)
        SELECT session_id, ts / 900000, COALESCE(model, ''), SUM(input_tokens), SUM(output_tokens),
               SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),
               SUM(reasoning_tokens), COUNT(*), SUM(computed_cost), 0, 0, SUM(computed_cost), 0
        FROM usage_records GROUP BY session_id, ts / 900000, COALESCE(model, '')""")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("ANALYZE")
print(f"{sessions} sessions, {sessions * per_session} usage records, {sessions * 10} tool calls "
      f"in {time.time() - started:.1f} s")
