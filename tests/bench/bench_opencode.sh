#!/usr/bin/env bash
# Parity check of AgentMeter against ccusage on a generated OpenCode data directory.
#
#   tests/bench/bench_opencode.sh [SIZE]        (default size: 20M)
#
# Environment:
#   BENCH_DIR   work directory for the corpus, database and outputs
#               (default /tmp/agentmeter-bench-opencode)
#   AGENTMETER  agentmeter binary (default <repo>/build/dev/app/agentmeter)
#   CCUSAGE     ccusage native binary; when unset, ccusage is installed with
#               npm into tests/bench/node_modules (git-ignored) if missing.
#
# It compares daily token totals (UTC days) and explains every difference with
# a rule of docs/sources/opencode.md, recomputed from the corpus itself:
#   * ccusage reads message.tokens, which holds only the LAST step of a
#     multi-step assistant message; AgentMeter sums the step-finish parts.
#   * ccusage's outputTokens is tokens.output; tokens.reasoning reaches only its
#     totalTokens (through tokens.total). AgentMeter keeps reasoning in its own
#     bucket, so: output <-> outputTokens, total <-> totalTokens.
# Exit status 1 when a difference is left unexplained. Not part of ctest.
set -euo pipefail

readonly CCUSAGE_VERSION=20.0.24
readonly SEED=1
readonly END=2026-11-01T00:00:00Z   # fixed, so the corpus is identical on every run

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench-opencode}
AGENTMETER=${AGENTMETER:-$ROOT/build/dev/app/agentmeter}
SIZE=${1:-20M}

die() { echo "bench_opencode: $*" >&2; exit 2; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

command -v python3 >/dev/null || die "python3 is required"
[ -x "$AGENTMETER" ] || die "agentmeter not found at $AGENTMETER (build it: cmake --build build/dev --target agentmeter)"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

. "$SCRIPT_DIR/ccusage.sh"
CCUSAGE=${CCUSAGE:-$(ccusage_binary "$CCUSAGE_VERSION" "$SCRIPT_DIR")}
[ -x "$CCUSAGE" ] || { echo "ccusage not executable: '$CCUSAGE'" >&2; exit 2; }
"$CCUSAGE" --version | grep -q "$CCUSAGE_VERSION" || log "warning: $CCUSAGE is not ccusage $CCUSAGE_VERSION"

CORPUS="$BENCH_DIR/corpus-$SIZE"
log "corpus: agentmeter demo --source opencode --size $SIZE --seed $SEED --end $END"
rm -rf "$CORPUS"
"$AGENTMETER" demo --source opencode --out "$CORPUS" --size "$SIZE" --seed "$SEED" --end "$END" >&2

# ccusage reads OPENCODE_DATA_DIR/opencode.db and OPENCODE_DATA_DIR/storage/message.
log "ccusage opencode daily"
OPENCODE_DATA_DIR="$CORPUS" "$CCUSAGE" opencode daily --json --offline --timezone UTC \
    > "$BENCH_DIR/ccusage.json" 2> "$BENCH_DIR/ccusage.err"

# A fresh database and an empty HOME, so that no other agent's logs are read.
log "agentmeter report daily"
rm -f "$BENCH_DIR/agentmeter.db"*
mkdir -p "$BENCH_DIR/home"
HOME="$BENCH_DIR/home" XDG_DATA_HOME="$BENCH_DIR/home/.local/share" "$AGENTMETER" report daily --json \
    --source opencode --offline --timezone UTC --db "$BENCH_DIR/agentmeter.db" --opencode-dir "$CORPUS" \
    > "$BENCH_DIR/agentmeter.json" 2> "$BENCH_DIR/agentmeter.err"

python3 - "$CORPUS" "$BENCH_DIR/ccusage.json" "$BENCH_DIR/agentmeter.json" <<'PY'
import datetime, glob, json, os, sqlite3, sys

corpus, cc_path, am_path = sys.argv[1:4]
FIELDS = [("input", "inputTokens", "inputTokens"), ("output", "outputTokens", "outputTokens"),
          ("cache read", "cacheReadTokens", "cacheReadTokens"),
          ("cache write", "cacheCreationTokens", "cacheCreationTokens"), ("total", "totalTokens", "totalTokens")]

def by_day(path):
    return {row["date"]: row for row in json.load(open(path))["daily"]}

cc, am = by_day(cc_path), by_day(am_path)

# Every assistant message once (database rows win over legacy files, as both tools do), with its
# message.tokens (what ccusage counts) and its step-finish parts (what AgentMeter sums).
messages, steps = {}, {}
db = sqlite3.connect("file:" + os.path.join(corpus, "opencode.db") + "?mode=ro", uri=True)
for mid, data in db.execute("SELECT id, data FROM message"):
    try:
        messages[mid] = json.loads(data)
    except ValueError:
        pass
for mid, data in db.execute("SELECT message_id, data FROM part"):
    part = json.loads(data)
    if part.get("type") == "step-finish":
        steps.setdefault(mid, []).append(part["tokens"])
for path in glob.glob(os.path.join(corpus, "storage", "message", "*", "*.json")):
    mid = os.path.basename(path)[:-5]
    if mid in messages:
        continue
    messages[mid] = json.load(open(path))
    for part_path in glob.glob(os.path.join(corpus, "storage", "part", mid, "*.json")):
        part = json.load(open(part_path))
        if part.get("type") == "step-finish":
            steps.setdefault(mid, []).append(part["tokens"])

def buckets(t):
    return {"input": t.get("input", 0), "output": t.get("output", 0), "cache read": t["cache"]["read"],
            "cache write": t["cache"]["write"], "total": t.get("total", 0) or (t.get("input", 0) + t.get(
                "output", 0) + t["cache"]["read"] + t["cache"]["write"])}

# Expected AgentMeter - ccusage per day: the earlier steps of multi-step messages.
explained, multi = {}, {}
for mid, m in messages.items():
    if m.get("role") != "assistant" or not m.get("modelID") or not m.get("providerID"):
        continue
    if len(steps.get(mid, [])) < 2:
        continue
    day = datetime.datetime.fromtimestamp(m["time"]["created"] / 1000, datetime.timezone.utc).strftime("%Y-%m-%d")
    last = buckets(m["tokens"])
    summed = {k: 0 for k in last}
    for s in steps[mid]:
        for k, v in buckets(s).items():
            summed[k] += v
    e = explained.setdefault(day, {k: 0 for k in last})
    for k in last:
        e[k] += summed[k] - last[k]
    multi[day] = multi.get(day, 0) + 1

print("\nDaily token totals, UTC: agentmeter (AM) vs ccusage (CC); 'steps' = the tokens of the earlier")
print("steps of multi-step messages, which ccusage does not count (message.tokens is the last step).\n")
header = f"{'date':10} {'field':11} {'AM':>12} {'CC':>12} {'AM-CC':>11} {'steps':>11} {'unexplained':>11}"
print(header)
print("-" * len(header))
unexplained_total = 0
sums = {f[0]: [0, 0, 0] for f in FIELDS}
for day in sorted(set(cc) | set(am)):
    for name, am_key, cc_key in FIELDS:
        a = am.get(day, {}).get(am_key, 0)
        c = cc.get(day, {}).get(cc_key, 0)
        s = explained.get(day, {}).get(name, 0)
        u = a - c - s
        unexplained_total += abs(u)
        sums[name][0] += a
        sums[name][1] += c
        sums[name][2] += s
        print(f"{day:10} {name:11} {a:12d} {c:12d} {a - c:11d} {s:11d} {u:11d}")
print("-" * len(header))
for name, (a, c, s) in sums.items():
    print(f"{'all days':10} {name:11} {a:12d} {c:12d} {a - c:11d} {s:11d} {a - c - s:11d}")
reasoning = sum(r.get("reasoningTokens", 0) for r in am.values())
print(f"\nAgentMeter reasoning tokens (in its total, not in output): {reasoning}")
print(f"Multi-step assistant messages: {sum(multi.values())} on {len(multi)} days")
print(f"Days: AgentMeter {len(am)}, ccusage {len(cc)}")
am_cost = sum(r.get("totalCost", 0) for r in am.values())
cc_cost = sum(r.get("totalCost", 0) for r in cc.values())
print(f"Cost (USD, informative: stored cost > 0 is used by both; zero cost is re-priced): "
      f"AgentMeter {am_cost:.2f}, ccusage {cc_cost:.2f}")
if unexplained_total:
    print(f"\nUNEXPLAINED differences: {unexplained_total} tokens")
    sys.exit(1)
print("\nEvery difference is explained by the step-finish rule.")
PY
