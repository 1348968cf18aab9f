#!/usr/bin/env bash
# Installs what is missing, builds, and starts AgentMeter on your agent logs (or on generated demo
# logs when there are none). Arguments are passed to agentmeter, e.g. ./scripts/run.sh report daily
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
# No arguments: the window when a display exists, else the API server (`serve`). Both start on generated
# demo logs when there are no agent logs yet (the window's --demo-if-empty skips its first-run page).
if [ $# -eq 0 ]; then
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then set -- window --demo-if-empty; else set -- serve; fi
fi
exec ./build/dev/app/agentmeter "$@"
