#!/usr/bin/env bash
# Memory bound of the ingest on one huge transcript: concatenates a generated corpus into a single
# JSONL file of about SIZE bytes and ingests it into an empty database, printing wall time and peak
# RSS. The claim checked: a single 1 GB file ingests in well under 200 MB RSS.
#
#   tests/bench/bench_single_file.sh [SIZE]      (default 1G)
#
# Environment: BENCH_DIR (default /tmp/agentmeter-bench), AGENTMETER (default the dev build).
set -euo pipefail
SIZE=${1:-1G}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench}
AGENTMETER=${AGENTMETER:-$ROOT/build/dev/app/agentmeter}
[ -x "$AGENTMETER" ] || { echo "agentmeter not found at $AGENTMETER" >&2; exit 2; }
mkdir -p "$BENCH_DIR"

corpus="$BENCH_DIR/single-src-$SIZE"
single="$BENCH_DIR/single-$SIZE"
if [ ! -d "$corpus/projects" ]; then
    "$AGENTMETER" demo --out "$corpus" --size "$SIZE" --seed 1 --end 2026-11-01T00:00:00Z >&2
fi
if [ ! -f "$single/projects/-big/session.jsonl" ]; then
    mkdir -p "$single/projects/-big"
    # Every transcript line, main sessions and sub-agents alike, in one file.
    find "$corpus/projects" -name '*.jsonl' ! -name journal.jsonl -print0 | sort -z \
        | xargs -0 cat > "$single/projects/-big/session.jsonl"
fi
bytes=$(stat -c %s "$single/projects/-big/session.jsonl")
cat "$single/projects/-big/session.jsonl" > /dev/null # into the page cache
db="$BENCH_DIR/single-$SIZE.db"
rm -f "$db" "$db-wal" "$db-shm"
/usr/bin/time -f '%e %M' -o "$BENCH_DIR/single-$SIZE.time" \
    "$AGENTMETER" ingest --db "$db" --claude-dir "$single" > "$BENCH_DIR/single-$SIZE.out"
read -r wall rss < "$BENCH_DIR/single-$SIZE.time"
echo "one file of $bytes bytes: ingest $wall s wall, peak RSS $((rss / 1024)) MB"
grep -E '^(Lines|Requests):' "$BENCH_DIR/single-$SIZE.out"
