#!/usr/bin/env bash
# Renders the app icon's SVG (packaging/icons/scalable) to the hicolor PNG sizes, which are installed and
# (16, 32, 64, 256) embedded for the window and tray icon. The PNGs are committed, so building never
# needs a renderer; run this after changing the SVG. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail

cd "$(dirname "$0")/.."
id=io.github.agentmeter.AgentMeter
svg=packaging/icons/scalable/apps/$id.svg
command -v rsvg-convert >/dev/null || { echo "render-icons.sh: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }

for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "packaging/icons/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$svg" -o "packaging/icons/${size}x${size}/apps/$id.png"
done
