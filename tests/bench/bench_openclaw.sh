#!/usr/bin/env bash
# Parity check of AgentMeter against ccusage on a generated OpenClaw state directory.
#
#   tests/bench/bench_openclaw.sh [SIZE]        (default size: 20M)
#
# Environment:
#   BENCH_DIR   work directory (default /tmp/agentmeter-bench-openclaw)
#   AGENTMETER  agentmeter binary (default <repo>/build/dev/app/agentmeter)
#   CCUSAGE     ccusage native binary; when unset, ccusage@20.0.24 is installed with npm into
#               tests/bench/node_modules (git-ignored) if it is not there yet.
#
# Both tools read the same corpus (`agentmeter demo --source openclaw`) and group days in UTC;
# ccusage is pointed at it with its own variable OPENCLAW_DIR. Per day, the four token buckets are
# compared: OpenClaw's usage.input is fresh input and usage.cacheWrite the cache write in both tools
# (inputTokens <-> inputTokens, outputTokens <-> outputTokens, cacheReadTokens <-> cacheReadTokens,
# cacheCreationTokens <-> cacheCreationTokens), so no field needs converting. Every difference must be
# explained, to the token, by what ccusage does not read or counts twice (formats.md §5.4, §5.5):
#   + requests only in .zst archives (ccusage matches the names but cannot parse zstd),
#   + requests only in event_zstd rows of the SQLite store agents/<id>/agent/openclaw-agent.sqlite
#     (ccusage 20.0.24 reads transcript_events.event_json, never event_zstd),
#   - fork copies (messages older than their session's header, copied from the parent), which
#     ccusage counts once more in every session that carries them (it de-duplicates per session only).
# The script recomputes these three sets from the corpus with its own small reader (python3) and
# exits with status 1 when a day's difference is not exactly their sum.
set -euo pipefail

readonly CCUSAGE_VERSION=20.0.24
readonly SEED=1
readonly END=2026-11-01T00:00:00Z

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench-openclaw}
AGENTMETER=${AGENTMETER:-$ROOT/build/dev/app/agentmeter}
SIZE=${1:-20M}

die() { echo "bench_openclaw: $*" >&2; exit 2; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

command -v python3 >/dev/null || die "python3 is required"
[ -x "$AGENTMETER" ] || die "agentmeter not found at $AGENTMETER (cmake --build --preset dev --target agentmeter)"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

. "$SCRIPT_DIR/ccusage.sh"
CCUSAGE=${CCUSAGE:-$(ccusage_binary "$CCUSAGE_VERSION" "$SCRIPT_DIR")}
[ -x "$CCUSAGE" ] || { echo "ccusage not executable: '$CCUSAGE'" >&2; exit 2; }
"$CCUSAGE" --version | grep -q "$CCUSAGE_VERSION" || log "warning: $CCUSAGE is not ccusage $CCUSAGE_VERSION"

CORPUS="$BENCH_DIR/corpus-$SIZE"
if [ ! -d "$CORPUS" ]; then
    log "generating $SIZE corpus"
    "$AGENTMETER" demo --source openclaw --out "$CORPUS" --size "$SIZE" --seed "$SEED" --end "$END" >&2
fi

# Only the corpus: an empty HOME and no source variables, so that no other log on this machine is read.
EMPTY_HOME="$BENCH_DIR/empty-home"
mkdir -p "$EMPTY_HOME"
isolated() {
    env -u CLAUDE_CONFIG_DIR -u CODEX_HOME -u OPENCODE_DB -u OPENCODE_DATA_DIR -u OPENCLAW_STATE_DIR \
        -u OPENCLAW_DIR -u GEMINI_DATA_DIR -u GEMINI_CLI_HOME -u AGENTMETER_DB -u XDG_DATA_HOME \
        -u XDG_CONFIG_HOME HOME="$EMPTY_HOME" "$@"
}

DB="$BENCH_DIR/openclaw-$SIZE.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
log "agentmeter ingest"
t0=$(date +%s.%N)
isolated "$AGENTMETER" ingest --db "$DB" --openclaw-dir "$CORPUS" >"$BENCH_DIR/ingest-$SIZE.txt"
isolated "$AGENTMETER" report daily --json --source openclaw --offline --timezone UTC --db "$DB" \
    >"$BENCH_DIR/agentmeter-$SIZE.json"
t1=$(date +%s.%N)
log "ccusage openclaw daily"
isolated env OPENCLAW_DIR="$CORPUS" "$CCUSAGE" openclaw daily --json --offline --timezone UTC \
    >"$BENCH_DIR/ccusage-$SIZE.json"
t2=$(date +%s.%N)

python3 - "$CORPUS" "$BENCH_DIR/agentmeter-$SIZE.json" "$BENCH_DIR/ccusage-$SIZE.json" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" <<'PY'
import collections, datetime, json, os, sqlite3, subprocess, sys

corpus, am_path, cc_path, am_time, cc_time = sys.argv[1:6]
FIELDS = [("input", "inputTokens"), ("output", "outputTokens"), ("cacheRead", "cacheReadTokens"),
          ("cacheWrite", "cacheCreationTokens")]

def day(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%d")

def iso_ms(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)

def tokens(usage):
    t = [int(usage.get(k) or 0) for k, _ in FIELDS]
    if sum(t) == 0 and int(usage.get("totalTokens") or 0) > 0:
        t[1] = int(usage["totalTokens"])  # only a total: all output, as both tools do
    return t

def events(lines):
    """(entry id, message ts, tokens, cost, is_copy, model as ccusage resolves it from these lines)
    of each billed assistant message."""
    header_ts = 0
    current = "unknown"
    for raw in lines:
        try:
            e = json.loads(raw)
        except ValueError:
            continue
        if e.get("type") == "session":
            header_ts = iso_ms(e["timestamp"])
            continue
        if e.get("type") == "model_change" or (e.get("type") == "custom"
                                               and e.get("customType") == "model-snapshot"):
            source = e.get("data") if isinstance(e.get("data"), dict) else e
            current = source.get("modelId") or source.get("model") or current
            continue
        m = e.get("message") if e.get("type") == "message" else None
        if not isinstance(m, dict) or m.get("role") != "assistant" or not isinstance(m.get("usage"), dict):
            continue
        t = tokens(m["usage"])
        if sum(t) == 0:
            continue
        ts = m.get("timestamp") if isinstance(m.get("timestamp"), int) else iso_ms(e["timestamp"])
        cost = (m["usage"].get("cost") or {}).get("total")  # None: not stored
        yield e.get("id"), ts, t, cost, ts < header_ts, m.get("modelId") or m.get("model") or current

def zero():
    return [0, 0, 0, 0, 0.0]

only_agentmeter = collections.defaultdict(zero)   # what ccusage cannot read
only_ccusage = collections.defaultdict(zero)      # fork copies, counted again by ccusage
reasons = collections.Counter()
def add(target, ts, t, cost):
    row = target[day(ts)]
    for i in range(4):
        row[i] += t[i]
    row[4] += cost or 0

own = {}              # (session, entry id) -> (ts, tokens, cost, where): what AgentMeter counts
readable = collections.defaultdict(set)  # (session, entry id) -> ccusage's keys for it

copies = set()        # (session, entry id, ts) of fork copies ccusage reads
def collect(session, lines, where, ccusage_reads):
    for eid, ts, t, cost, copy, model in events(lines):
        if copy:
            if ccusage_reads:
                copies.add((session, eid, ts, tuple(t), cost))
            continue
        own.setdefault((session, eid), (ts, t, cost, where))
        if ccusage_reads:
            readable[(session, eid)].add((ts, model, tuple(t), cost))

for dirpath, _, names in os.walk(corpus):
    for name in sorted(names):
        path = os.path.join(dirpath, name)
        if name == "openclaw-agent.sqlite":
            db = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
            by_session = collections.defaultdict(list)
            for sid, seq, js, blob in db.execute("SELECT session_id, seq, event_json, event_zstd FROM "
                                                 "transcript_events ORDER BY session_id, seq"):
                if js:
                    by_session[(sid, True)].append(js)
                elif blob:  # ccusage reads event_json only
                    data = subprocess.run(["zstd", "-dc"], input=blob, capture_output=True, check=True).stdout
                    by_session[(sid, False)].append(data.decode())
            for (sid, plain), lines in by_session.items():
                collect(sid, lines, "SQLite event_json" if plain else "SQLite event_zstd", plain)
            continue
        rest = name[name.find(".jsonl") + 6:] if ".jsonl" in name else None
        if rest is None or not (rest == "" or rest.startswith(".deleted.") or rest.startswith(".reset.")):
            continue
        session = name[:name.find(".jsonl")]
        if name.endswith(".zst"):  # ccusage matches the name but cannot parse zstd
            data = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
            collect(session, data.decode().splitlines(), ".zst archive", False)
        else:
            with open(path, encoding="utf-8") as f:
                collect(session, f, "JSONL", True)
for key, (ts, t, cost, where) in own.items():
    if key not in readable:
        add(only_agentmeter, ts, t, cost)
        reasons[f"requests only in {where}s, which ccusage does not read"] += 1
for session, eid, ts, t, cost in copies:
    add(only_ccusage, ts, list(t), cost)
    reasons["fork copies, counted again by ccusage in the child session"] += 1
# ccusage de-duplicates a session's entries on (timestamp, model, tokens, cost). A message without a
# model field takes the model of the last model_change it read; when that line is in an event_zstd row
# ccusage cannot read, the database copy resolves to another model than the archive copy, and ccusage
# counts the request twice.
for key, variants in readable.items():
    ts, t, cost, where = own[key]
    for _ in range(len(variants) - 1):
        add(only_ccusage, ts, t, cost)
        reasons["archive + database copies ccusage counts twice (model resolved differently)"] += 1
unpriced = collections.defaultdict(lambda: [0, 0])
for ts, t, cost, where in own.values():
    if cost is None:
        unpriced[day(ts)][0] += 1
        unpriced[day(ts)][1] += sum(t)
for session, eid, ts, t, cost in copies:
    if cost is None:
        unpriced[day(ts)][0] += 1
        unpriced[day(ts)][1] += sum(t)

am = {d["date"]: d for d in json.load(open(am_path))["daily"]}
cc = {d["date"]: d for d in json.load(open(cc_path))["daily"]}
failed = False
failed_cost = False
cost_notes = []
totals = {"am": [0] * 4, "cc": [0] * 4}
print(f"{'day':10} {'bucket':11} {'agentmeter':>11} {'ccusage':>11} {'diff':>9} {'explained':>9}")
for d in sorted(set(am) | set(cc) | set(only_agentmeter) | set(only_ccusage)):
    a, c = am.get(d, {}), cc.get(d, {})
    for i, (label, key) in enumerate(FIELDS):
        va, vc = int(a.get(key, 0)), int(c.get(key, 0))
        totals["am"][i] += va
        totals["cc"][i] += vc
        explained = only_agentmeter[d][i] - only_ccusage[d][i]
        mark = "" if va - vc == explained else "  UNEXPLAINED"
        failed |= bool(mark)
        if va != vc or mark:
            print(f"{d:10} {label:11} {va:11} {vc:11} {va - vc:9} {explained:9}{mark}")
    # Cost (auto mode): both use the stored cost.total; requests without one are priced by each tool's
    # own price table, so only the stored part must agree.
    ca, ccost = float(a.get("totalCost", 0)), float(c.get("totalCost", 0))
    residual = (ca - ccost) - (only_agentmeter[d][4] - only_ccusage[d][4])
    if abs(residual) > 1e-6:
        cost_notes.append(f"{d:10} cost residual {residual:+.6f} USD, {unpriced[d][0]} requests without "
                          f"stored cost ({unpriced[d][1]} tokens, priced by each tool)")
        failed_cost |= unpriced[d][0] == 0
print()
print(f"days: agentmeter {len(am)}, ccusage {len(cc)}")
for i, (label, _) in enumerate(FIELDS):
    print(f"total {label:11} agentmeter {totals['am'][i]:12} ccusage {totals['cc'][i]:12} "
          f"diff {totals['am'][i] - totals['cc'][i]:10}")
for reason, n in sorted(reasons.items()):
    print(f"  {n:6} {reason}")
print(f"wall time: agentmeter ingest+report {float(am_time):.2f} s, ccusage {float(cc_time):.2f} s")
for note in cost_notes:
    print(note)
failed |= failed_cost
print("RESULT:", "every difference explained" if not failed else "UNEXPLAINED differences")
sys.exit(1 if failed else 0)
PY
