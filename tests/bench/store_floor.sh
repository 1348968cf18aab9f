#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The storage floor of a cold load: how long SQLite takes to write the rows a first load stored, with
# none of the writer's per-row work around it. Copies every row of the tables a load fills from DB (a
# store a cold `agentmeter report` or `ingest` wrote) into a new file with the same tables and no
# secondary index, in one transaction, with the first load's settings (journal in memory, no sync, the
# writer's 32 MiB page cache), one `INSERT ... SELECT` per table, and prints each table's time.
#
# A cold load cannot write the same rows in less, whatever its parser does: where a target is below
# this floor plus the floor of reading the logs (readall.py), it needs fewer or smaller rows. The
# copies read DB meanwhile (from the page cache), so the floor is a little high. The `WHERE 1` keeps
# SQLite from copying records without decoding them (its transfer optimisation), which no insert of new
# rows could do.
#
# usage: tests/bench/store_floor.sh DB        needs the sqlite3 shell (Debian package sqlite3)
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: store_floor.sh DB" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "store_floor.sh: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
src=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tables="usage_records tool_calls files_touched prompts sessions projects source_files usage_rollup source_rollup agent_events"
# The tables' own definitions (their primary keys and UNIQUE constraints come with them), no index.
for t in $tables; do
    sqlite3 "$src" "SELECT sql || ';' FROM sqlite_master WHERE type = 'table' AND name = '$t'"
done | sqlite3 "$work/floor.db"
cat "$src" >/dev/null # from the page cache, as a cold load reads its own writes
{
    echo "PRAGMA journal_mode=memory;"
    echo "PRAGMA synchronous=OFF;"
    echo "PRAGMA cache_size=-32768;"
    echo "ATTACH '$src' AS src;"
    echo ".timer on"
    echo "BEGIN;"
    for t in $tables; do
        echo ".print $t"
        echo "INSERT INTO main.$t SELECT * FROM src.$t WHERE 1;"
    done
    echo ".print COMMIT"
    echo "COMMIT;"
} >"$work/copy.sql"
sqlite3 "$work/floor.db" <"$work/copy.sql" | python3 -c '
import re, sys
name, total = None, 0.0
for line in sys.stdin:
    m = re.match(r"Run Time: real ([0-9.]+)", line)
    if m and name:
        total += float(m.group(1))
        print(f"{name:16s} {float(m.group(1)):7.3f} s")
        name = None
    elif not m and line.strip() and line.strip() != "memory":
        name = line.strip()
print("%-16s %7.3f s" % ("total", total))
'
for t in usage_records tool_calls prompts sessions; do
    printf '%-16s %9s rows\n' "$t" "$(sqlite3 "$src" "SELECT count(*) FROM $t")"
done
