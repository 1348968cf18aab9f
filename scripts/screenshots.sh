#!/usr/bin/env bash
# Takes a screenshot of every page of the window on the demo data, under a virtual X server, and saves
# them as docs/screenshots/<page>.png (the README shows them). Builds the dev configuration if needed.
#   ./scripts/screenshots.sh [OUTPUT_DIR]
# Runs in a throwaway HOME, so neither your agent logs nor your settings or database are used, and the
# demo corpus is generated afresh (about a minute). Needs xvfb-run (packages xvfb and xauth); installs
# them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/screenshots}")"
timeout_seconds="${SCREENSHOTS_TIMEOUT:-600}"

if ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null; then
    echo "screenshots.sh: installing xvfb and xauth" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq xvfb xauth
fi

binary=build/dev/app/agentmeter
module=build/dev/app/agentmeter-window.so # the window; a change in views/ or models/ relinks only it
if [ ! -x "$binary" ] || [ ! -f "$module" ] \
    || [ -n "$(find app core models views resources packaging/icons -newer "$module" -type f -print -quit)" ]; then
    ./scripts/install-deps.sh
    [ -f build/dev/CMakeCache.txt ] || cmake --preset dev >/dev/null
    cmake --build --preset dev --target agentmeter
fi

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT

# The sources' own variables would point the window at real logs.
unset CLAUDE_CONFIG_DIR CODEX_HOME CODEX_SQLITE_HOME OPENCODE_DB OPENCODE_DATA_DIR OPENCLAW_STATE_DIR \
      OPENCLAW_DIR GEMINI_CLI_HOME GEMINI_DATA_DIR AGENTMETER_DB AGENTMETER_PRICE_OVERRIDES \
      WAYLAND_DISPLAY QT_QPA_PLATFORM
status=0
HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
    timeout --kill-after=10 "$timeout_seconds" \
    xvfb-run --auto-servernum --server-args="-screen 0 1600x1000x24" \
    "$PWD/$binary" window --demo --screenshots "$home/shots" || status=$?

if [ "$status" -eq 124 ]; then
    echo "screenshots.sh: the window did not finish within ${timeout_seconds} s (SCREENSHOTS_TIMEOUT)" >&2
    exit 1
elif [ "$status" -ne 0 ]; then
    echo "screenshots.sh: agentmeter window failed with status $status" >&2
    exit 1
fi
shopt -s nullglob
shots=("$home"/shots/*.png)
if [ ${#shots[@]} -eq 0 ]; then
    echo "screenshots.sh: agentmeter window saved no screenshots" >&2
    exit 1
fi
mkdir -p "$out"
cp "${shots[@]}" "$out"/
echo "screenshots.sh: ${#shots[@]} pages saved in $out"
