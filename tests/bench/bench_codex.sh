#!/usr/bin/env bash
# Benchmark AgentMeter's Codex source against `ccusage codex` on generated CODEX_HOME corpora:
# per-day and per-thread token parity (every difference attributed to a rule by codex_parity.py,
# whose model of ccusage ccusage_codex_rules.py checks on minimal rollouts), and speed and memory:
# cold ingest, warm re-run, +1% appended, peak RSS, and the floor of reading every byte.
#
#   tests/bench/bench_codex.sh [SIZE...]        (default sizes: 100M 1G)
#
# Environment:
#   BENCH_DIR   work directory (default /tmp/agentmeter-bench-codex)
#   AGENTMETER  agentmeter binary (default <repo>/build/dev/app/agentmeter)
#   CCUSAGE     ccusage native binary; when unset, ccusage@20.0.24 is installed with npm into
#               tests/bench/node_modules (git-ignored) if missing
#   REPS        repetitions per timing (default 3; the median is reported)
#   RECACHE     1 (default): read the files a run is about to read, untimed, before every timed
#               run of either tool, so that each finds them in the page cache; any other value: no
#               re-read (the corpus is read once first)
#
# Not part of ctest: minutes of run time and machine-dependent figures.
set -euo pipefail

readonly CCUSAGE_VERSION=20.0.24
readonly SEED=1
readonly END=2026-11-01T00:00:00Z
readonly APPEND_FRACTION=0.01

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench-codex}
AGENTMETER=${AGENTMETER:-$ROOT/build/dev/app/agentmeter}
REPS=${REPS:-3}
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(100M 1G); fi

fail() { echo "bench_codex: $*" >&2; exit 2; }
note() { echo "[$(date +%H:%M:%S)] $*" >&2; }

[ -x /usr/bin/time ] || fail "GNU time (/usr/bin/time) is required"
command -v python3 >/dev/null || fail "python3 is required"
# The interpreter itself, resolved once, runs the timed floor: a launcher in front of it (pyenv's shim
# took 0.4 s a start on the development VM in session 15) is no part of reading the logs.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
command -v zstd >/dev/null && command -v zstdcat >/dev/null || fail "zstd and zstdcat are required (the parity reads .zst rollouts)"
[ -x "$AGENTMETER" ] || fail "no agentmeter at $AGENTMETER (cmake --build --preset dev --target agentmeter)"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
# A private copy: a rebuild of build/dev during the run must not change the binary measured.
AM="$BENCH_DIR/agentmeter"
cp "$AGENTMETER" "$AM"
AM_VERSION="$("$AM" --version) (tree $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"

. "$HERE/ccusage.sh"
CCUSAGE=${CCUSAGE:-$(ccusage_binary "$CCUSAGE_VERSION" "$HERE")}
[ -x "$CCUSAGE" ] || { echo "ccusage not executable: '$CCUSAGE'" >&2; exit 2; }
CC_VERSION=$("$CCUSAGE" --version 2>/dev/null | head -n1)

# An empty HOME for both tools: nothing of the user's ~/.codex or configuration leaks in. Both get
# the corpus through their own option or variable and a fixed time zone.
HOME_DIR="$BENCH_DIR/home"
mkdir -p "$HOME_DIR"
cc_cmd() { CMD=(env -u CODEX_HOME HOME="$HOME_DIR" CODEX_HOME="$1" "$CCUSAGE" codex "${2:-daily}" --json --offline --timezone UTC); }
am_cmd() {
    CMD=(env -u CODEX_HOME -u AGENTMETER_DB -u AGENTMETER_NO_CONTENT -u AGENTMETER_PRICE_OVERRIDES HOME="$HOME_DIR"
        "$AM" report daily --json --offline --timezone UTC --source codex --db "$1" --codex-home "$2")
}
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

# CACHE_DIR: the files the next timed runs read. Some virtual machines reclaim the page cache within
# seconds of idling (this project's development VM drops a quarter of a 1 GB corpus in 20 s), so a
# "cold" run would otherwise read part of its input from disk, by chance.
CACHE_DIR=
recache() {
    [ "${RECACHE:-1}" = 1 ] && [ -n "$CACHE_DIR" ] || return 0
    find "$CACHE_DIR" -type f -print0 | xargs -0 -r cat >/dev/null
}
# timed OUT LABEL cmd...: stdout to OUT; "seconds max_rss_kb" appended to $WORK/t/LABEL.
# The wall time is read around GNU time (nanosecond clock, so the process start of time itself is in
# it, about 1 ms), because time's own %e has 10 ms steps: too coarse for a warm run of 0.07 s.
timed() {
    local out=$1 label=$2 start end
    shift 2
    recache
    start=$(date +%s%N)
    /usr/bin/time -o "$WORK/t/$label.one" -f '%M' "$@" >"$out" || fail "$label failed: $*"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $(tail -n1 "$WORK/t/$label.one")" \
        | awk '{printf "%.3f %s\n", $1 / 1000, $2}' >>"$WORK/t/$label"
}
median() { # column file
    awk -v c="$1" '{print $c}' "$2" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

# ---------------------------------------------------------------- helpers in python
cat >"$BENCH_DIR/append.py" <<'PY'
# prepare CORPUS PATCH FRACTION | apply CORPUS PATCH | restore CORPUS PATCH
# The "+1%": about FRACTION of the corpus bytes appended to ~1% of the plain rollouts, as a live
# session would add them: a reasoning item and a token_count per new request, whose thread total
# continues the file's own, with times after the file's last line. Deterministic.
import json, os, random, sys

def rollouts(root):
    out = []
    for d, _, names in os.walk(os.path.join(root, 'sessions')):
        out += [os.path.join(d, n) for n in names if n.startswith('rollout-') and n.endswith('.jsonl')]
    return sorted(out)

def tail_state(path):
    total, last_ts = None, None
    with open(path, 'rb') as f:
        for raw in f:
            if raw.startswith(b'{"timestamp":"'):
                last_ts = raw[14:38].decode()
            if b'"token_count"' in raw and b'"info":{' in raw:
                o = json.loads(raw)
                info = o['payload'].get('info') or {}
                if 'total_token_usage' in info:
                    total = info['total_token_usage']
    return total, last_ts

def ms(ts):
    import datetime
    return int(datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)

def iso(m):
    import datetime
    d = datetime.datetime.fromtimestamp(m / 1000, datetime.timezone.utc)
    return d.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (m % 1000)

def prepare(corpus, patch, fraction):
    rng = random.Random(1)
    files = rollouts(corpus)
    total_bytes = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(corpus) for n in ns)
    budget = int(total_bytes * fraction)
    targets = [f for f in files if tail_state(f)[0]]
    rng.shuffle(targets)
    targets = sorted(targets[:max(1, len(files) // 100)])
    os.makedirs(patch, exist_ok=True)
    per = budget // len(targets)
    n = used = 0
    with open(os.path.join(patch, 'manifest.tsv'), 'w') as man:
        for i, path in enumerate(targets):
            total, last_ts = tail_state(path)
            now = ms(last_ts)
            chunk = []
            size = 0
            while size < per:
                now += rng.randint(2000, 30000)
                inp = rng.randint(20000, 120000)
                last = {'input_tokens': inp, 'cached_input_tokens': inp * rng.randint(70, 95) // 100,
                        'output_tokens': rng.randint(50, 2000)}
                last['reasoning_output_tokens'] = last['output_tokens'] * rng.randint(0, 80) // 100
                last['total_tokens'] = last['input_tokens'] + last['output_tokens']
                total = {k: total[k] + last[k] for k in last}
                enc = ''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(2000))
                chunk.append(json.dumps({'timestamp': iso(now), 'type': 'response_item', 'payload': {
                    'type': 'reasoning', 'summary': [], 'content': None, 'encrypted_content': 'gAAAAA' + enc}},
                    separators=(',', ':')) + '\n')
                now += 500
                chunk.append(json.dumps({'timestamp': iso(now), 'type': 'event_msg', 'payload': {
                    'type': 'token_count', 'info': {'total_token_usage': total, 'last_token_usage': last,
                                                    'model_context_window': 258400}, 'rate_limits': None}},
                    separators=(',', ':')) + '\n')
                size += len(chunk[-1]) + len(chunk[-2])
                n += 1
            used += size
            with open(os.path.join(patch, '%d.jsonl' % i), 'w') as c:
                c.writelines(chunk)
            man.write('%s\t%d\t%d.jsonl\n' % (os.path.relpath(path, corpus), os.path.getsize(path), i))
    print('%d requests, %d bytes (%.2f%% of %d) appended to %d rollouts' % (n, used, 100.0 * used / total_bytes, total_bytes, len(targets)))

def manifest(patch):
    for row in open(os.path.join(patch, 'manifest.tsv')):
        rel, size, chunk = row.rstrip('\n').split('\t')
        yield rel, int(size), os.path.join(patch, chunk)

def restore(corpus, patch):
    for rel, size, _ in manifest(patch):
        os.truncate(os.path.join(corpus, rel), size)

def apply(corpus, patch):
    restore(corpus, patch)
    for rel, _, chunk in manifest(patch):
        with open(chunk, 'rb') as src, open(os.path.join(corpus, rel), 'ab') as dst:
            dst.write(src.read())

cmd, corpus, patch = sys.argv[1:4]
{'prepare': lambda: prepare(corpus, patch, float(sys.argv[4])), 'apply': lambda: apply(corpus, patch),
 'restore': lambda: restore(corpus, patch)}[cmd]()
PY

cat >"$BENCH_DIR/same.py" <<'PY'
# same.py A.json B.json: agentmeter against itself: identical per-day tokens and costs.
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [x['date'] for x, y in zip(a['daily'], b['daily']) if x != y] + (['(days)'] if len(a['daily']) != len(b['daily']) else [])
print('identical' if not bad else 'DIFFERENT on %s' % bad[:5])
sys.exit(1 if bad else 0)
PY

STATUS=0
# The rules of ccusage's Codex reader that codex_parity.py models, shown on minimal rollouts.
RULES=$(python3 "$HERE/ccusage_codex_rules.py" "$CCUSAGE") || STATUS=1
bench() {
    local size=$1 corpus="$BENCH_DIR/corpus-$size"
    WORK="$BENCH_DIR/work-$size"
    rm -rf "$WORK"
    mkdir -p "$WORK/t" "$WORK/out"
    # The stamp names the binary too: another build may generate another corpus.
    local args="demo --source codex --size $size --seed $SEED --end $END; $(sha256sum "$AM" | cut -c1-16)"
    if [ "$(cat "$corpus.args" 2>/dev/null)" != "$args" ]; then
        note "$size: generating corpus"
        rm -rf "$corpus" "$corpus.args"
        "$AM" demo --source codex --out "$corpus" --size "$size" --seed "$SEED" --end "$END" >&2
        echo "$args" >"$corpus.args"
    fi
    local files bytes biggest
    files=$(find "$corpus" -type f -name 'rollout-*' | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    biggest=$(find "$corpus" -type f -name 'rollout-*' -printf '%s\n' | sort -n | tail -n1)

    # The floor: reading every byte once (page cache warm, as for the tools), one reused buffer
    # (readall.py says why not `cat`).
    local floor="find '$corpus' -type f -print0 | '$PYTHON' '$HERE/readall.py' 2>/dev/null"
    bash -c "$floor"
    CACHE_DIR=$corpus
    local i
    for i in $(seq "$REPS"); do timed /dev/null floor bash -c "$floor"; done

    local db="$WORK/am.db"
    cc_cmd "$corpus"; "${CMD[@]}" >/dev/null # untimed warm-up of each tool
    fresh "$db"; am_cmd "$db" "$corpus"; "${CMD[@]}" >/dev/null
    for i in $(seq "$REPS"); do
        note "$size: repetition $i/$REPS"
        if [ $((i % 2)) = 1 ]; then cc_cmd "$corpus"; timed "$WORK/out/ccusage.json" ccusage "${CMD[@]}"; fi
        fresh "$db"
        am_cmd "$db" "$corpus"; timed "$WORK/out/cold.json" cold "${CMD[@]}"
        am_cmd "$db" "$corpus"; timed "$WORK/out/warm.json" warm "${CMD[@]}"
        if [ $((i % 2)) = 0 ]; then cc_cmd "$corpus"; timed "$WORK/out/ccusage.json" ccusage "${CMD[@]}"; fi
    done

    # +1%: on a scratch copy, after an untimed cold ingest.
    local scratch="$WORK/scratch" patch="$WORK/patch" adb="$WORK/append.db"
    cp -a "$corpus" "$scratch"
    CACHE_DIR=$scratch
    local appended
    appended=$(python3 "$BENCH_DIR/append.py" prepare "$scratch" "$patch" "$APPEND_FRACTION")
    note "$size: +1%: $appended"
    for i in $(seq "$REPS"); do
        python3 "$BENCH_DIR/append.py" restore "$scratch" "$patch"
        fresh "$adb"; am_cmd "$adb" "$scratch"; "${CMD[@]}" >/dev/null
        python3 "$BENCH_DIR/append.py" apply "$scratch" "$patch"
        am_cmd "$adb" "$scratch"; timed "$WORK/out/incremental.json" incremental "${CMD[@]}"
        cc_cmd "$scratch"; timed "$WORK/out/ccusage-append.json" ccusage-append "${CMD[@]}"
    done
    fresh "$WORK/ref.db"; am_cmd "$WORK/ref.db" "$scratch"; "${CMD[@]}" >"$WORK/out/cold-append.json"

    # Memory on one huge rollout: every plain rollout of the corpus concatenated into a single file
    # (one thread as far as the parser is concerned), ingested into an empty database.
    local single="$WORK/single" sdb="$WORK/single.db"
    mkdir -p "$single/sessions/2026/01/01"
    find "$corpus/sessions" -name 'rollout-*.jsonl' -print0 | sort -z | xargs -0 cat \
        >"$single/sessions/2026/01/01/rollout-2026-01-01T00-00-00-00000000-0000-7000-8000-000000000000.jsonl"
    local single_bytes
    single_bytes=$(du -b "$single/sessions/2026/01/01/"*.jsonl | cut -f1)
    cat "$single/sessions/2026/01/01/"*.jsonl >/dev/null
    CACHE_DIR=$single
    fresh "$sdb"; am_cmd "$sdb" "$single"; timed /dev/null single "${CMD[@]}"
    rm -rf "$single"
    CACHE_DIR=

    local parity same1 same2 rc=0
    # Per thread too: ccusage's session report (untimed) and the cold run's database.
    cc_cmd "$corpus" session; "${CMD[@]}" >"$WORK/out/ccusage-session.json"
    parity=$(python3 "$HERE/codex_parity.py" "$WORK/out/ccusage.json" "$WORK/out/cold.json" "$corpus" \
        --db "$db" --ccusage-sessions "$WORK/out/ccusage-session.json") || rc=1
    same1=$(python3 "$BENCH_DIR/same.py" "$WORK/out/cold.json" "$WORK/out/warm.json") || rc=1
    same2=$(python3 "$BENCH_DIR/same.py" "$WORK/out/cold-append.json" "$WORK/out/incremental.json") || rc=1
    [ "$rc" = 0 ] || STATUS=1

    local ccw ccr
    ccw=$(median 1 "$WORK/t/ccusage")
    ccr=$(median 2 "$WORK/t/ccusage")
    line() { # name label [reference wall]
        local w r
        w=$(median 1 "$WORK/t/$2")
        r=$(median 2 "$WORK/t/$2")
        awk -v n="$1" -v w="$w" -v r="$r" -v bw="${3:-$ccw}" -v br="$ccr" -v s="$(awk '{printf "%s ", $1}' "$WORK/t/$2")" \
            'BEGIN {printf "| %s | %.3f | %.0f | %.3fx | %.2fx | %s|\n", n, w, r/1024, w/bw, r/br, s}'
    }
    local out="$BENCH_DIR/results-$size.md"
    {
        echo "### $size: $files rollouts, $bytes bytes (largest rollout $biggest bytes)"
        echo
        echo "$AM_VERSION; ccusage $CC_VERSION; $REPS repetition(s); load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $([ "${RECACHE:-1}" = 1 ] && echo "every timed run preceded by an untimed read of its files (RECACHE=1)" || echo "files read into the page cache once, before all runs (RECACHE=${RECACHE})")"
        echo
        echo "| run | wall s (median) | peak RSS MB | time vs ccusage | RSS vs ccusage | samples (s) |"
        echo "|---|---|---|---|---|---|"
        line "ccusage codex daily" ccusage
        line "agentmeter cold ingest + report" cold
        line "agentmeter warm re-run" warm
        line "reading every byte (floor, readall.py)" floor
        line "ccusage, +1% corpus" ccusage-append "$(median 1 "$WORK/t/ccusage-append")"
        line "agentmeter +1% incremental (vs ccusage +1%)" incremental "$(median 1 "$WORK/t/ccusage-append")"
        echo
        echo "One rollout of $single_bytes bytes (all plain rollouts concatenated): cold ingest $(median 1 "$WORK/t/single") s, peak RSS $(($(median 2 "$WORK/t/single" | cut -d. -f1) / 1024)) MB."
        echo
        echo "+1%: $appended"
        echo
        echo "Parity, ccusage vs agentmeter cold:"
        echo '```'
        echo "$parity"
        echo '```'
        echo "The ccusage rules behind it, on minimal rollouts:"
        echo '```'
        echo "$RULES"
        echo '```'
        echo "agentmeter cold vs warm: $same1; incremental vs cold re-ingest of the +1% corpus: $same2"
    } >"$out"
    cat "$out"
}

for size in "${SIZES[@]}"; do bench "$size"; done
exit "$STATUS"
