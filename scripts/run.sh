#!/usr/bin/env bash
# Installs what is missing, builds, and starts AgentMeter on your agent logs (or on generated demo
# logs when there are none). Arguments are passed to agentmeter, e.g. ./scripts/run.sh report daily
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
# No arguments: start AgentMeter (for now the API server; the window arrives with issue 5).
if [ $# -eq 0 ]; then set -- serve; fi
exec ./build/dev/app/agentmeter "$@"
