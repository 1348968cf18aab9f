#!/usr/bin/env bash
# Builds the release configuration and packs it as build/release/agentmeter_<version>_<arch>.deb
# (packaging/README.md). Install the result with: sudo apt install ./build/release/agentmeter_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh   # includes dpkg-dev, whose dpkg-shlibdeps computes the package's Depends
cmake --preset release >/dev/null
cmake --build --preset release
rm -f build/release/agentmeter_*.deb
(cd build/release && cpack -G DEB)
ls build/release/agentmeter_*.deb
