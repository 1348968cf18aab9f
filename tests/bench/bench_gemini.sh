#!/usr/bin/env bash
# Parity of AgentMeter's Gemini CLI adapter with ccusage on a generated corpus: daily token totals
# and cost of `ccusage gemini daily` against `agentmeter report daily --source gemini`.
#
#   tests/bench/bench_gemini.sh [SIZE] [SEED]     (default 20M 1)
#
# Environment:
#   BENCH_DIR   work directory for the corpus, database and results (default /tmp/agentmeter-bench-gemini)
#   AGENTMETER  agentmeter binary (default <repo>/build/dev/app/agentmeter)
#   CCUSAGE     ccusage native binary; when unset, ccusage is installed with npm into
#               tests/bench/node_modules (git-ignored) if missing.
#
# Field mapping (formats.md §1.1, §6.4; both sides checked on this corpus):
#   ccusage inputTokens     = input - min(input, cached) + tool  = agentmeter inputTokens (fresh input)
#   ccusage outputTokens    = candidates, thoughts excluded      = agentmeter outputTokens
#   ccusage cacheReadTokens = cached                             = agentmeter cacheReadTokens
#   ccusage cacheCreationTokens: Gemini reports none             = agentmeter cacheCreationTokens (0)
#   ccusage totalTokens includes thoughts; agentmeter reports them apart as reasoningTokens and its
#   totalTokens = input + output + cache read + cache write + reasoning.
# Exit status: 0 when every day matches or differs only by the known ccusage fault (recounted from
# the corpus), 1 when a difference is unexplained, 2 on a usage or tool error.
set -euo pipefail

readonly CCUSAGE_VERSION=20.0.24
readonly END=2026-11-01T00:00:00Z # fixed, so the corpus is identical on every run
SIZE=${1:-20M}
SEED=${2:-1}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench-gemini}
AGENTMETER=${AGENTMETER:-$ROOT/build/dev/app/agentmeter}

die() { echo "bench_gemini: $*" >&2; exit 2; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

command -v python3 >/dev/null || die "python3 is required"
[ -x "$AGENTMETER" ] || die "agentmeter not found at $AGENTMETER (cmake --build --preset dev --target agentmeter)"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

. "$SCRIPT_DIR/ccusage.sh"
CCUSAGE=${CCUSAGE:-$(ccusage_binary "$CCUSAGE_VERSION" "$SCRIPT_DIR")}
[ -x "$CCUSAGE" ] || die "ccusage not executable: $CCUSAGE"

# An empty HOME: nothing of the user's own ~/.gemini, config or price overrides leaks in.
FAKE_HOME="$BENCH_DIR/home"
CORPUS="$BENCH_DIR/corpus-$SIZE-$SEED"
DB="$BENCH_DIR/agentmeter.db"
mkdir -p "$FAKE_HOME"
rm -rf "$CORPUS"
rm -f "$DB" "$DB-wal" "$DB-shm"

log "generating $SIZE Gemini corpus (seed $SEED) in $CORPUS"
"$AGENTMETER" demo --source gemini --out "$CORPUS" --size "$SIZE" --seed "$SEED" --end "$END" >&2

log "ccusage $("$CCUSAGE" --version) gemini daily"
# ccusage's variable names the tmp dir (formats.md §6.1).
env -u GEMINI_CLI_HOME HOME="$FAKE_HOME" GEMINI_DATA_DIR="$CORPUS/tmp" \
    "$CCUSAGE" gemini daily --json --offline --timezone UTC >"$BENCH_DIR/ccusage.json"

log "agentmeter report daily --source gemini"
env -u GEMINI_DATA_DIR -u GEMINI_CLI_HOME -u AGENTMETER_DB -u AGENTMETER_PRICE_OVERRIDES \
    -u AGENTMETER_NO_CONTENT HOME="$FAKE_HOME" \
    "$AGENTMETER" report daily --json --timezone UTC --offline --source gemini --db "$DB" \
    --gemini-dir "$CORPUS" >"$BENCH_DIR/agentmeter.json"

python3 - "$BENCH_DIR/ccusage.json" "$BENCH_DIR/agentmeter.json" "$CORPUS/tmp" <<'PY'
import collections, json, os, sys

# The known difference (formats.md §6.5): ccusage lets the last copy of a message id win within one
# file only, so a legacy session-x.json and its migrated session-x.jsonl are counted twice. Recount
# from the corpus what those cross-file copies add per day: fresh input, output, cache read.
def copies(root):
    seen, extra = set(), collections.defaultdict(lambda: [0, 0, 0])
    for d, _, names in sorted(os.walk(root)):
        for n in sorted(names):
            if not n.endswith(('.json', '.jsonl')):
                continue
            msgs, sid = {}, None
            if n.endswith('.json'):
                doc = json.load(open(os.path.join(d, n)))
                sid = doc.get('sessionId')
                for m in doc.get('messages', []):
                    msgs[m.get('id')] = m
            else:
                for line in open(os.path.join(d, n)):
                    try:
                        r = json.loads(line)
                    except ValueError:
                        continue
                    if 'sessionId' in r and 'id' not in r:
                        sid = r['sessionId']
                    if 'id' in r:
                        msgs[r['id']] = r
            for mid, m in msgs.items():
                t = m.get('tokens')
                if m.get('type') != 'gemini' or not t:
                    continue
                if (sid, mid) in seen:
                    i, c = t.get('input', 0), t.get('cached', 0)
                    e = extra[m['timestamp'][:10]]
                    e[0] += i - min(i, c) + t.get('tool', 0)
                    e[1] += t.get('output', 0)
                    e[2] += c
                seen.add((sid, mid))
    return extra

extra = copies(sys.argv[3])

cc = {d['date']: d for d in json.load(open(sys.argv[1]))['daily']}
am = {d['date']: d for d in json.load(open(sys.argv[2]))['daily']}
fields = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens']
differ = 0
unexplained = 0
totals = {f: [0, 0] for f in fields + ['totalTokens', 'cost']}
print('%-10s %s' % ('day', '  '.join('%26s' % f for f in fields + ['totalTokens (cc incl. thoughts)', 'cost USD'])))
for day in sorted(set(cc) | set(am)):
    c, a = cc.get(day, {}), am.get(day, {})
    row, bad = [], False
    pairs = [(c.get(f, 0), a.get(f, 0)) for f in fields]
    # ccusage's totalTokens counts thoughts; agentmeter's total includes reasoning as its own bucket.
    pairs.append((c.get('totalTokens', 0), a.get('totalTokens', 0)))
    pairs.append((round(c.get('totalCost', 0), 6), round(a.get('totalCost', 0), 6)))
    for i, (x, y) in enumerate(pairs):
        key = (fields + ['totalTokens', 'cost'])[i]
        totals[key][0] += x
        totals[key][1] += y
        same = abs(x - y) < 1e-6
        bad = bad or not same
        row.append('%26s' % (str(x) if same else '%s != %s' % (x, y)))
    differ += bad
    note = ''
    if bad:
        e = extra.get(day, [0, 0, 0])
        explained = all(pairs[i][0] - pairs[i][1] == e[i] for i in range(3)) and pairs[3] == (0, 0)
        unexplained += not explained
        note = '   <- differs: %s' % ('explained by legacy .json + migrated .jsonl counted twice by ccusage '
                                       '(input %d, output %d, cache read %d)' % tuple(e) if explained
                                       else 'UNEXPLAINED')
    print('%-10s %s%s' % (day, '  '.join(row), note))
print('%-10s %s' % ('total', '  '.join('%26s' % ('%s' % round(v[0], 6) if abs(v[0] - v[1]) < 1e-6
                                                  else '%s != %s' % (round(v[0], 6), round(v[1], 6)))
                                       for v in totals.values())))
print('days: %d, differing: %d, unexplained: %d (ccusage %d days, agentmeter %d days)'
      % (len(set(cc) | set(am)), differ, unexplained, len(cc), len(am)))
sys.exit(1 if unexplained else 0)
PY
