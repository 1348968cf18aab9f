#!/usr/bin/env bash
# Installs the Debian 12 packages AgentMeter needs to build, run and test, if any are missing.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
    qt6-charts-dev libqt6opengl6-dev   # Qt Charts' CMake package needs Qt6OpenGL (qt-notes.md §0.4)
    qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libsimdjson-dev libzstd-dev libsqlite3-dev sqlite3
    desktop-file-utils appstream   # validators of packaging/ (tests/packaging)
    dpkg-dev                       # dpkg-shlibdeps for the .deb's Depends (scripts/package-deb.sh)
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
