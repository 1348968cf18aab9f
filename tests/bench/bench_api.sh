#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The API under load (issue 4): wrk against `agentmeter serve` on a generated database of 100k sessions
# and 5M usage records, each route as a ratio to /api/health on the same server in the same run; 1000
# SSE clients for 60 s (every frame delivered? RSS growth); and the CPU of an idle `serve` that watches
# a demo corpus for 60 s.
#
# usage: tests/bench/bench_api.sh            (needs wrk, sqlite3 and python3; not part of ctest)
# variables: BENCH_DIR (default /tmp/agentmeter-bench/api), AGENTMETER (default build/dev/app/agentmeter),
#            DURATION (wrk seconds per route, default 10), CONNECTIONS (wrk connections, default 16),
#            SSE_CLIENTS (default 1000; 0 skips), SSE_SECONDS (default 60), IDLE_SECONDS (default 60; 0 skips),
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench/api}
AGENTMETER=${AGENTMETER:-$root/build/dev/app/agentmeter}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
SSE_CLIENTS=${SSE_CLIENTS:-1000}
SSE_SECONDS=${SSE_SECONDS:-60}
IDLE_SECONDS=${IDLE_SECONDS:-60}
command -v wrk >/dev/null || { echo "bench_api.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$BENCH_DIR/empty"
bin="$BENCH_DIR/agentmeter.bin"
cp "$AGENTMETER" "$bin"
# `serve` runs from the network module, which the executable looks for beside itself.
cp "$(dirname "$AGENTMETER")/agentmeter-network.so" "$BENCH_DIR/"
db="$BENCH_DIR/api-100k-5m.db"
empty=(--claude-dir "$BENCH_DIR/empty" --codex-home "$BENCH_DIR/empty" --opencode-dir "$BENCH_DIR/empty"
       --openclaw-dir "$BENCH_DIR/empty" --gemini-dir "$BENCH_DIR/empty")
export HOME="$BENCH_DIR/home" XDG_DATA_HOME="$BENCH_DIR/home/data" XDG_CONFIG_HOME="$BENCH_DIR/home/config"

if [ ! -s "$db" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    # 90 days ending now, so that days=30 windows hold a third of it.
    END_MS=$(date +%s000) "$here/api_bench_db.sh" "$db" 90
    # The synthetic costs are re-priced with the real price book once, here, not in the timed server.
    /usr/bin/time -f "re-priced in %e s" "$bin" ingest --db "$db" "${empty[@]}" >/dev/null
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# start_server LOG ARGS...: starts serve on a free port, waits until it answers, sets $port and $pid.
start_server() {
    local log=$1; shift
    "$bin" serve --port 0 "$@" >"$log" 2>&1 &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 600); do
        port=$(grep -o '127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2 || true)
        [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && return 0
        sleep 0.1
    done
    echo "serve did not start:" >&2; cat "$log" >&2; exit 1
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

start_server "$BENCH_DIR/serve.log" --db "$db" --no-watch "${empty[@]}"
echo "server pid $pid port $port, database $(du -h "$db" | cut -f1) (100k sessions, 5M usage records, 2M tool calls)"
# The server answers at once; its first ingest pass (nothing to read here) must be over before timing.
sleep 2

printf '\n%-34s %12s %10s %10s %12s\n' "route (wrk ${DURATION}s, ${CONNECTIONS} conn)" "requests/s" "p50 ms" "p99 ms" "vs health"
health_rps=
for route in "/api/health" "/api/sessions?per_page=50" "/api/global-stats" "/api/tokens"; do
    curl -sf "http://127.0.0.1:$port$route" >/dev/null  # warm: caches, connection, page cache
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port$route")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else printf "%.2f", v * 1000 }'; }
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    [ -n "$non2xx" ] && echo "WARNING: $route had $non2xx non-2xx answers" >&2
    health_rps=${health_rps:-$rps}
    printf '%-34s %12s %10s %10s %12s\n' "$route" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.2f", a / b }')"
done

if [ "$SSE_CLIENTS" -gt 0 ]; then
echo
echo "SSE: $SSE_CLIENTS clients on /api/stream for ${SSE_SECONDS}s (an analytics frame every 5 s)"
rss_before=$(rss_kb "$pid")
python3 "$here/sse_clients.py" "$port" /api/stream "$SSE_CLIENTS" "$SSE_SECONDS" >"$BENCH_DIR/sse.json" &
sse=$!
sleep $((SSE_SECONDS / 2))
rss_during=$(rss_kb "$pid")
wait "$sse"
sleep 1
rss_after=$(rss_kb "$pid")
cat "$BENCH_DIR/sse.json"
echo "server RSS: before ${rss_before} kB, with clients ${rss_during} kB, after ${rss_after} kB"
echo "expected events per client: $((SSE_SECONDS / 5)) or $((SSE_SECONDS / 5 + 1)) (one on connect, then one per 5 s)"
fi
kill "$pid"
[ "$IDLE_SECONDS" -gt 0 ] || exit 0

echo
echo "Idle CPU: serve watching a demo corpus (every source), ${IDLE_SECONDS}s with no changes"
idle="$BENCH_DIR/idle"
if [ ! -e "$idle/.complete" ]; then
    rm -rf "$idle"
    for source in claude codex opencode openclaw gemini; do
        "$bin" demo --source "$source" --out "$idle/$source" --size 20M >/dev/null
    done
    touch "$idle/.complete"
fi
rm -f "$BENCH_DIR/idle.db"*
start_server "$BENCH_DIR/idle.log" --db "$BENCH_DIR/idle.db" --claude-dir "$idle/claude" \
    --codex-home "$idle/codex" --opencode-dir "$idle/opencode" --openclaw-dir "$idle/openclaw" \
    --gemini-dir "$idle/gemini"
# Wait for the first pass to finish (the log says so), then measure.
for _ in $(seq 1200); do grep -q "^Ingest pass 1" "$BENCH_DIR/idle.log" && break; sleep 0.1; done
sleep 2
ticks_before=$(cpu_ticks "$pid")
sleep "$IDLE_SECONDS"
ticks_after=$(cpu_ticks "$pid")
hz=$(getconf CLK_TCK)
awk -v t=$((ticks_after - ticks_before)) -v hz="$hz" -v s="$IDLE_SECONDS" \
    'BEGIN { printf "idle serve: %.2f%% of one core over %d s (%d ticks at %d Hz)\n", 100 * t / hz / s, s, t, hz }'
echo "idle serve RSS: $(rss_kb "$pid") kB"
