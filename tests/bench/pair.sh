#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Times two agentmeter binaries against each other in alternation (OLD NEW NEW OLD OLD NEW ...: each
# pair in the other order than the one before, so that neither side always runs right after the
# other), so that a machine whose speed drifts during the call moves both alike, and reports the
# median of the pairs' ratios beside each side's medians. Whole process: start-up, ingest, report and
# exit.
#
# usage: tests/bench/pair.sh [-n PAIRS] [--warm] [--cache DIR] OLD NEW -- ARG...
#   ARG...   agentmeter's arguments; the word {db} stands for the database, one per side in a
#            temporary directory
#   -n       pairs to time (default 6), after one untimed pair
#   --warm   keep each side's database between runs (the untimed pair fills it): times warm runs.
#            Without it every run starts on a new database (cold runs).
#   --cache DIR  read every file below DIR before each run, untimed, so that each run finds the logs
#            in the page cache (some virtual machines drop it within seconds of idling)
#
# example (cold, 1 GB Claude corpus of bench_claude.sh):
#   HOME=/tmp/agentmeter-bench/home tests/bench/pair.sh --cache /tmp/agentmeter-bench/corpus-1G \
#       /tmp/agentmeter-old build/dev/app/agentmeter -- \
#       report daily --json --offline --timezone UTC --db {db} --claude-dir /tmp/agentmeter-bench/corpus-1G
#
# Needs bash 5 (EPOCHREALTIME, for wall times), GNU time (/usr/bin/time, for CPU and peak RSS) and
# python3 (medians). GNU time counts CPU in steps of 10 ms.
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME's decimal point

die() { echo "pair.sh: $*" >&2; exit 2; }
pairs=6
warm=0
cache=
while [ $# -gt 0 ]; do
    case "$1" in
    -n) pairs=${2:?}; shift 2 ;;
    --warm) warm=1; shift ;;
    --cache) cache=${2:?}; shift 2 ;;
    *) break ;;
    esac
done
[ $# -ge 3 ] || die "usage: pair.sh [-n PAIRS] [--warm] [--cache DIR] OLD NEW -- ARG..."
old=$1 new=$2
shift 2
[ "${1:-}" = "--" ] || die "missing -- before agentmeter's arguments"
shift
[ -x "$old" ] || die "not executable: $old"
[ -x "$new" ] || die "not executable: $new"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required"
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive number"
[ -z "$cache" ] || [ -d "$cache" ] || die "not a directory: $cache"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Copies, so that a rebuild during the call does not mix two versions of one side; each with the modules
# beside it (agentmeter-network.so for `serve` and `prices update`, agentmeter-window.so), which the
# executable looks for in its own directory.
for side in old new; do
    mkdir "$work/$side.dir"
    src=${!side}
    cp "$src" "$work/$side.dir/agentmeter"
    for module in "$(dirname "$src")"/agentmeter-*.so; do
        [ ! -e "$module" ] || cp "$module" "$work/$side.dir/"
    done
done

# run SIDE TIMED: one run of a side; appends "wall user sys rss_kb" to $work/SIDE.times when TIMED=1.
run() {
    local side=$1 timed=$2 db="$work/$1.db" args=() a
    [ "$warm" = 1 ] || rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    for a in "${ARGS[@]}"; do args+=("${a//\{db\}/$db}"); done
    [ -z "$cache" ] || find "$cache" -type f -exec cat {} + >/dev/null
    local start=$EPOCHREALTIME
    /usr/bin/time -o "$work/time" -f '%U %S %M' "$work/$side.dir/agentmeter" "${args[@]}" >/dev/null 2>"$work/err" \
        || { cat "$work/err" >&2; die "$side failed"; }
    local end=$EPOCHREALTIME
    [ "$timed" = 1 ] || return 0
    echo "$(python3 -c "print(f'{$end - $start:.4f}')") $(tail -n 1 "$work/time")" >>"$work/$side.times"
}

ARGS=("$@")
run old 0
run new 0
for ((i = 0; i < pairs; i++)); do
    if ((i % 2 == 0)); then
        run old 1
        run new 1
    else
        run new 1
        run old 1
    fi
done

python3 - "$work/old.times" "$work/new.times" "$pairs" "$warm" <<'EOF'
import statistics, sys
old = [list(map(float, l.split())) for l in open(sys.argv[1])]
new = [list(map(float, l.split())) for l in open(sys.argv[2])]
med = statistics.median
kind = "warm" if sys.argv[4] == "1" else "cold"
print(f"{sys.argv[3]} pairs, {kind}, medians (min-max):")
for name, rows in (("old", old), ("new", new)):
    wall = [r[0] for r in rows]; cpu = [r[1] + r[2] for r in rows]; rss = [r[3] / 1024 for r in rows]
    print(f"  {name}: wall {med(wall):.3f} s ({min(wall):.3f}-{max(wall):.3f}), "
          f"CPU {med(cpu):.2f} s, peak RSS {med(rss):.0f} MB")
ratio = [n[0] / o[0] for o, n in zip(old, new)]
cpu = [(n[1] + n[2]) / (o[1] + o[2]) for o, n in zip(old, new) if o[1] + o[2] > 0]
print(f"  new/old, median of pairs: wall {med(ratio):.3f} ({min(ratio):.3f}-{max(ratio):.3f})"
      + (f", CPU {med(cpu):.3f}" if cpu else ""))
EOF
