#!/usr/bin/env bash
# Benchmark AgentMeter against ccusage on generated Claude Code corpora.
#
#   tests/bench/bench_claude.sh [SIZE...]        (default sizes: 100M 1G)
#
# Environment:
#   BENCH_DIR   work directory for corpora, databases and results
#               (default /tmp/agentmeter-bench)
#   AGENTMETER  agentmeter binary (default <repo>/build/dev/app/agentmeter)
#   CCUSAGE     ccusage native binary; when unset, ccusage is installed with
#               npm into tests/bench/node_modules (git-ignored) if missing.
#   REPS        repetitions per measurement (default 3; the median is reported)
#   RECACHE     1 (default): read the logs a run is about to read, untimed, before
#               every timed run of either tool, so that each finds them in the page
#               cache; any other value: no re-read (the corpus is read once first)
#
# Not part of ctest: it takes minutes, needs npm (once) and its figures depend
# on the machine. See tests/bench/README.md for what each figure means.
set -euo pipefail

readonly CCUSAGE_VERSION=20.0.24
readonly SEED=1
readonly END=2026-11-01T00:00:00Z   # fixed, so a corpus is identical on every run
readonly APPEND_FRACTION=0.01       # the "+1%" step appends this share of the corpus bytes

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/agentmeter-bench}
AGENTMETER=${AGENTMETER:-$ROOT/build/dev/app/agentmeter}
REPS=${REPS:-3}
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(100M 1G); fi

die() { echo "bench_claude: $*" >&2; exit 2; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required"
command -v python3 >/dev/null || die "python3 is required"
# The interpreter itself, resolved once, runs the timed floor: a launcher in front of it (pyenv's shim
# took 0.4 s a start on the development VM in session 15) is no part of reading the logs.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
[ -x "$AGENTMETER" ] || die "agentmeter not found at $AGENTMETER (build it: cmake --build build/dev --target agentmeter)"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

# Pin the agentmeter binary: someone may rebuild build/dev while the benchmark
# runs, and every measurement must use the same executable. It links its
# libraries from system paths, so a copy runs the same way.
cp "$AGENTMETER" "$BENCH_DIR/agentmeter.bin"
AM="$BENCH_DIR/agentmeter.bin"
"$AM" --version >/dev/null || die "the copied agentmeter does not run (was it being linked?)"
# Describe that binary now: the tree may move on (commits, rebuilds) before the
# tables are printed, and the figures belong to this binary.
AM_DESC="agentmeter $("$AM" --version | awk '{print $2}') (binary of $(date -u -r "$AGENTMETER" +%Y-%m-%dT%H:%M:%SZ), sha256 $(sha256sum "$AM" | cut -c1-12); tree $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes') at start)"

. "$SCRIPT_DIR/ccusage.sh"
CCUSAGE=${CCUSAGE:-$(ccusage_binary "$CCUSAGE_VERSION" "$SCRIPT_DIR")}
[ -x "$CCUSAGE" ] || die "ccusage not executable: $CCUSAGE"

# Both tools run with an empty HOME so that nothing from the user's own
# ~/.claude, ~/.codex, ~/.config (price overrides, ccusage config) leaks into
# the figures; the corpus is passed explicitly.
FAKE_HOME="$BENCH_DIR/home"
mkdir -p "$FAKE_HOME"
# The commands are built as arrays (not shell functions) because GNU time must
# exec them itself; env execs the tool in place, so time sees the tool's RSS.
ccusage_cmd() { # corpus
    CMD=(env HOME="$FAKE_HOME" CLAUDE_CONFIG_DIR="$1"
        "$CCUSAGE" claude daily --json --offline --timezone UTC)
}
agentmeter_cmd() { # db corpus
    CMD=(env -u CLAUDE_CONFIG_DIR -u AGENTMETER_DB -u AGENTMETER_PRICE_OVERRIDES
        -u AGENTMETER_NO_CONTENT HOME="$FAKE_HOME"
        "$AM" report daily --json --timezone UTC --db "$1" --claude-dir "$2")
}
run_ccusage() { ccusage_cmd "$1"; "${CMD[@]}"; }
run_agentmeter() { agentmeter_cmd "$1" "$2"; "${CMD[@]}"; }
fresh_db() { rm -f "$1" "$1-wal" "$1-shm"; }

# ---------------------------------------------------------------- timing
# CACHE_DIR: the logs the next timed runs read. Some virtual machines reclaim
# the page cache within seconds of idling (this project's development VM drops
# a quarter of a 1 GB corpus in 20 s), so a "cold" run would otherwise read part
# of its logs from disk, by chance and more for whichever tool runs later.
CACHE_DIR=
recache() {
    [ "${RECACHE:-1}" = 1 ] && [ -n "$CACHE_DIR" ] || return 0
    find "$CACHE_DIR" -type f -name '*.jsonl' -print0 | xargs -0 -r cat >/dev/null
}
# timed OUT_JSON LABEL cmd...: runs cmd under GNU time, stdout to OUT_JSON,
# appends "wall_s rss_kb" to $WORK/times/LABEL. A failing tool aborts the run.
timed() {
    local out=$1 label=$2
    shift 2
    local tf="$WORK/times/$label.last"
    recache
    if ! /usr/bin/time -o "$tf" -f '%e %M' "$@" >"$out"; then
        die "$label failed (command: $*)"
    fi
    tail -n 1 "$tf" >>"$WORK/times/$label"
}
# median COLUMN FILE: median of one column (1 = wall, 2 = RSS) of the samples.
median() {
    awk -v c="$1" '{print $c}' "$2" | sort -g |
        awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}
samples() { awk '{printf "%s%s", sep, $1; sep=" "}' "$1"; }

# ---------------------------------------------------------------- python helpers
# append.py prepare|apply|restore: builds, applies and undoes the "+1%" append.
# The appended lines are complete assistant lines copied from other files of
# the corpus, with a new message id, request id and uuid (so both tools count
# them as new requests instead of deduplicating them), the session id of the
# file they are appended to, and their original timestamps. prepare is
# deterministic, so every repetition appends exactly the same bytes.
write_helpers() {
    cat >"$BENCH_DIR/append.py" <<'PY'
import json, math, os, random, re, sys

def jsonl_files(root):
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(d, n), root) for n in names if n.endswith('.jsonl')]
    return sorted(out)

MAIN = re.compile(r'^projects/[^/]+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$')

def session_id(path):
    with open(path, 'rb') as f:
        for raw in f:
            m = re.search(rb'"sessionId":"([^"]+)"', raw)
            if m:
                return m.group(1).decode()
    return os.path.basename(path)[:-len('.jsonl')]

def prepare(corpus, patch, fraction):
    rng = random.Random(1)
    files = jsonl_files(corpus)
    total = sum(os.path.getsize(os.path.join(corpus, f)) for f in files)
    budget = int(total * fraction)
    mains = [f for f in files if MAIN.match(f)]
    rng.shuffle(mains)
    # ~1% of the files receive the new lines, like a few active sessions would.
    targets = mains[:max(1, min(len(mains), math.ceil(len(files) / 100)))]
    sources = [f for f in files if f not in set(targets)]
    rng.shuffle(sources)
    sids = {t: session_id(os.path.join(corpus, t)) for t in targets}
    chunks = {t: [] for t in targets}
    n = used = 0
    for src in sources:
        if used >= budget:
            break
        with open(os.path.join(corpus, src), 'rb') as f:
            for raw in f:
                if used >= budget:
                    break
                if b'"type":"assistant"' not in raw or b'"usage"' not in raw:
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue
                msg = obj.get('message') or {}
                mid, rid = msg.get('id'), obj.get('requestId')
                if obj.get('type') != 'assistant' or not msg.get('usage') or not mid or not rid:
                    continue
                n += 1
                line = raw.decode().rstrip('\n')
                # Rewrite the values in place (first occurrence) so the line
                # keeps its exact original layout.
                line = line.replace('"id":"%s"' % mid, '"id":"msg_bench%08d"' % n, 1)
                line = line.replace('"requestId":"%s"' % rid, '"requestId":"req_bench%08d"' % n, 1)
                if obj.get('uuid'):
                    line = line.replace('"uuid":"%s"' % obj['uuid'],
                                        '"uuid":"00000000-0000-4000-8000-%012d"' % n, 1)
                t = targets[n % len(targets)]
                if obj.get('sessionId'):
                    line = line.replace('"sessionId":"%s"' % obj['sessionId'],
                                        '"sessionId":"%s"' % sids[t], 1)
                chunks[t].append(line + '\n')
                used += len(line) + 1
    os.makedirs(patch, exist_ok=True)
    with open(os.path.join(patch, 'manifest.tsv'), 'w') as man:
        for i, t in enumerate(targets):
            p = os.path.join(corpus, t)
            size = os.path.getsize(p)
            with open(p, 'rb') as f:
                f.seek(max(0, size - 1))
                ends_nl = size == 0 or f.read(1) == b'\n'
            with open(os.path.join(patch, '%d.jsonl' % i), 'w') as c:
                if not ends_nl:
                    c.write('\n')   # never glue a new line onto a partial one
                c.writelines(chunks[t])
            man.write('%s\t%d\t%d.jsonl\n' % (t, size, i))
    print('%d lines, %d bytes (%.2f%% of %d) appended to %d files'
          % (n, used, 100.0 * used / total, total, len(targets)))

def manifest(patch):
    with open(os.path.join(patch, 'manifest.tsv')) as man:
        for row in man:
            rel, size, chunk = row.rstrip('\n').split('\t')
            yield rel, int(size), os.path.join(patch, chunk)

def restore(corpus, patch):
    for rel, size, _ in manifest(patch):
        os.truncate(os.path.join(corpus, rel), size)

def apply(corpus, patch):
    restore(corpus, patch)   # idempotent: always start from the pristine sizes
    for rel, _, chunk in manifest(patch):
        with open(chunk, 'rb') as src, open(os.path.join(corpus, rel), 'ab') as dst:
            dst.write(src.read())

cmd, corpus, patch = sys.argv[1:4]
if cmd == 'prepare':
    prepare(corpus, patch, float(sys.argv[4]))
elif cmd == 'apply':
    apply(corpus, patch)
elif cmd == 'restore':
    restore(corpus, patch)
else:
    sys.exit('unknown command ' + cmd)
PY

    # compare.py A.json B.json NAME_A NAME_B [--costs-exact]: per-day token
    # totals must be identical (same dates, same five token fields). Costs are
    # only reported, since the tools use different price books; with
    # --costs-exact (agentmeter vs agentmeter) they must agree as well.
    cat >"$BENCH_DIR/compare.py" <<'PY'
import json, sys

FIELDS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'totalTokens']
a_path, b_path, a_name, b_name = sys.argv[1:5]
costs_exact = '--costs-exact' in sys.argv[5:]
a, b = json.load(open(a_path)), json.load(open(b_path))
da = {d['date']: d for d in a['daily']}
db = {d['date']: d for d in b['daily']}
bad = []
for date in sorted(set(da) | set(db)):
    x, y = da.get(date), db.get(date)
    if x is None or y is None:
        bad.append('  %s: only in %s' % (date, a_name if y is None else b_name))
        continue
    diffs = ['%s %s=%d %s=%d (%+d)' % (f, a_name, x[f], b_name, y[f], y[f] - x[f])
             for f in FIELDS if x[f] != y[f]]
    if costs_exact and abs(x['totalCost'] - y['totalCost']) > 1e-6:
        diffs.append('totalCost %s=%.6f %s=%.6f' % (a_name, x['totalCost'], b_name, y['totalCost']))
    if diffs:
        bad.append('  %s: %s' % (date, '; '.join(diffs)))
ca, cb = a['totals']['totalCost'], b['totals']['totalCost']
if bad:
    print('MISMATCH: %d of %d days differ; first ones:' % (len(bad), len(set(da) | set(db))))
    print('\n'.join(bad[:5]))
else:
    print('MATCH: %d days, %d tokens in total' % (len(da), a['totals']['totalTokens']))
print('cost: %s $%.4f, %s $%.4f, difference %+.4f (%+.3f%%)'
      % (a_name, ca, b_name, cb, cb - ca, 100.0 * (cb - ca) / ca if ca else 0.0))
sys.exit(1 if bad else 0)
PY
}
write_helpers

# Returns 1 (and prints the mismatch) when the token totals differ; the
# benchmark continues so the timings are still reported, and exits 1 at the end.
STATUS=0
check() { # label a.json b.json name_a name_b [--costs-exact]
    local label=$1
    shift
    local result rc=0
    result=$(python3 "$BENCH_DIR/compare.py" "$@") || rc=$?
    [ "$rc" = 0 ] || STATUS=1
    printf '%s\n%s\n' "$label" "$result" >>"$WORK/checks.txt"
}

# ---------------------------------------------------------------- per size
bench_size() {
    local size=$1
    local corpus="$BENCH_DIR/corpus-$size"
    local stamp="$BENCH_DIR/corpus-$size.done"
    local gen_args="demo --size $size --seed $SEED --end $END"
    WORK="$BENCH_DIR/work-$size"
    rm -rf "$WORK"
    mkdir -p "$WORK/times" "$WORK/out"
    : >"$WORK/checks.txt"

    # 1. Corpus, generated once per size and reused afterwards. The stamp file
    #    records the arguments, so an interrupted or different generation is redone.
    if [ ! -d "$corpus" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$gen_args" ]; then
        log "$size: generating corpus"
        rm -rf "$corpus" "$stamp"
        "$AM" demo --out "$corpus" --size "$size" --seed "$SEED" --end "$END" >&2
        echo "$gen_args" >"$stamp"
    fi
    # Other work on the machine skews every figure; record the load average.
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    local nfiles bytes
    nfiles=$(find "$corpus" -name '*.jsonl' | wc -l)
    bytes=$(find "$corpus" -name '*.jsonl' -printf '%s\n' | awk '{s+=$1} END {print s}')

    # 2. Page cache: read everything once so no run pays for disk I/O, then the
    #    floor: how long merely reading every log file takes (one reused buffer: readall.py says
    #    why not `cat`).
    local catall="find '$corpus' -name '*.jsonl' -print0 | xargs -0 cat >/dev/null"
    local floor="find '$corpus' -name '*.jsonl' -print0 | '$PYTHON' '$SCRIPT_DIR/readall.py' 2>/dev/null"
    bash -c "$catall"
    CACHE_DIR=$corpus
    local i
    for i in $(seq "$REPS"); do
        timed /dev/null floor bash -c "$floor"
    done

    # One untimed run of each tool first: the first run after generating or
    # copying a corpus was consistently slower (up to 2x at 1G on a small VM),
    # from effects such as background writeback and first-touch memory that
    # have nothing to do with the tools.
    local db="$WORK/bench.db"
    run_ccusage "$corpus" >/dev/null
    fresh_db "$db"
    run_agentmeter "$db" "$corpus" >/dev/null

    # 3. Plain corpus. The order alternates between repetitions so that neither
    #    tool always runs right after the other (cache, CPU frequency effects).
    for i in $(seq "$REPS"); do
        log "$size: plain corpus, repetition $i/$REPS"
        if [ $((i % 2)) = 1 ]; then
            ccusage_cmd "$corpus"; timed "$WORK/out/ccusage.json" ccusage "${CMD[@]}"
        fi
        fresh_db "$db"
        agentmeter_cmd "$db" "$corpus"; timed "$WORK/out/cold.json" cold "${CMD[@]}"
        agentmeter_cmd "$db" "$corpus"; timed "$WORK/out/warm.json" warm "${CMD[@]}"
        if [ $((i % 2)) = 0 ]; then
            ccusage_cmd "$corpus"; timed "$WORK/out/ccusage.json" ccusage "${CMD[@]}"
        fi
    done

    # 4. +1%: a scratch copy (so the generated corpus stays pristine) gets new
    #    lines appended after a completed cold ingest; agentmeter's timed run is
    #    the incremental one. Every repetition starts from the pristine file
    #    sizes and a fresh database, so each measures the same work.
    local scratch="$WORK/scratch" patch="$WORK/append"
    cp -a "$corpus" "$scratch"
    CACHE_DIR=$scratch
    local append_summary
    append_summary=$(python3 "$BENCH_DIR/append.py" prepare "$scratch" "$patch" "$APPEND_FRACTION")
    log "$size: +1%: $append_summary"
    local adb="$WORK/append.db"
    for i in $(seq "$REPS"); do
        log "$size: +1% corpus, repetition $i/$REPS"
        python3 "$BENCH_DIR/append.py" restore "$scratch" "$patch"
        fresh_db "$adb"
        run_agentmeter "$adb" "$scratch" >/dev/null   # cold ingest, not timed
        python3 "$BENCH_DIR/append.py" apply "$scratch" "$patch"
        if [ $((i % 2)) = 0 ]; then
            ccusage_cmd "$scratch"; timed "$WORK/out/ccusage-append.json" ccusage-append "${CMD[@]}"
        fi
        agentmeter_cmd "$adb" "$scratch"; timed "$WORK/out/incremental.json" incremental "${CMD[@]}"
        if [ $((i % 2)) = 1 ]; then
            ccusage_cmd "$scratch"; timed "$WORK/out/ccusage-append.json" ccusage-append "${CMD[@]}"
        fi
    done
    # Reference for the incremental result: a cold ingest of the appended corpus.
    fresh_db "$WORK/ref.db"
    run_agentmeter "$WORK/ref.db" "$scratch" >"$WORK/out/cold-append.json"

    # 5. Correctness: the figures are only worth comparing if both tools count
    #    the same tokens.
    check "plain corpus, ccusage vs agentmeter (cold):" \
        "$WORK/out/ccusage.json" "$WORK/out/cold.json" ccusage agentmeter
    check "plain corpus, agentmeter cold vs warm:" \
        "$WORK/out/cold.json" "$WORK/out/warm.json" cold warm --costs-exact
    check "+1% corpus, ccusage vs agentmeter (incremental):" \
        "$WORK/out/ccusage-append.json" "$WORK/out/incremental.json" ccusage agentmeter
    check "+1% corpus, agentmeter incremental vs cold re-ingest:" \
        "$WORK/out/cold-append.json" "$WORK/out/incremental.json" cold incremental --costs-exact

    # 6. Table.
    local base_wall base_rss app_wall app_rss
    base_wall=$(median 1 "$WORK/times/ccusage")
    base_rss=$(median 2 "$WORK/times/ccusage")
    app_wall=$(median 1 "$WORK/times/ccusage-append")
    app_rss=$(median 2 "$WORK/times/ccusage-append")
    row() { # name label ref_wall ref_rss
        local w r
        w=$(median 1 "$WORK/times/$2")
        r=$(median 2 "$WORK/times/$2")
        awk -v n="$1" -v w="$w" -v r="$r" -v bw="$3" -v br="$4" -v s="$(samples "$WORK/times/$2")" \
            'BEGIN {printf "| %s | %.2f | %.0f | %.2f× | %.2f× | %s |\n", n, w, r/1024, w/bw, r/br, s}'
    }
    local out="$BENCH_DIR/results-$size.md"
    {
        echo "### $size corpus ($(awk -v b="$bytes" 'BEGIN {printf "%.0f", b/1e6}') MB, $nfiles .jsonl files)"
        echo
        echo "| run | wall s | peak RSS MB | wall vs ccusage | RSS vs ccusage | wall samples s |"
        echo "|---|---:|---:|---:|---:|---|"
        row "ccusage" ccusage "$base_wall" "$base_rss"
        row "agentmeter cold (empty database)" cold "$base_wall" "$base_rss"
        row "agentmeter warm (nothing changed)" warm "$base_wall" "$base_rss"
        row "ccusage, +1%" ccusage-append "$app_wall" "$app_rss"
        row "agentmeter +1% (incremental)" incremental "$app_wall" "$app_rss"
        echo
        echo "Floor: reading every .jsonl file once from the page cache (readall.py): $(median 1 "$WORK/times/floor") s (samples $(samples "$WORK/times/floor"))."
        echo
        echo "Medians of $REPS runs. \"+1%\": $append_summary; the +1% rows are compared with ccusage on the appended corpus. $([ "${RECACHE:-1}" = 1 ] && echo "Every timed run was preceded by an untimed read of its logs (RECACHE=1)." || echo "The logs were read into the page cache once, before all runs (RECACHE=${RECACHE}).")"
        echo "$AM_DESC, ccusage $("$CCUSAGE" --version | awk '{print $2}') (native binary), $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average $load at start, $(date -u +%Y-%m-%d)."
        echo
        echo "Checks:"
        echo
        echo '```'
        cat "$WORK/checks.txt"
        echo '```'
    } | tee "$out"
    echo "(written to $out)"
}

for size in "${SIZES[@]}"; do
    bench_size "$size"
done
[ "$STATUS" = 0 ] || echo "bench_claude: token totals differ (see MISMATCH above)" >&2
exit "$STATUS"
