#!/usr/bin/env bash
# Renders the scalable app icon into the PNG sizes of the hicolor theme (needs rsvg-convert from
# librsvg2-bin). The PNGs are committed, so building needs no SVG renderer.
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "resources/icons/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" resources/icons/sluice.svg \
        -o "resources/icons/hicolor/${size}x${size}/apps/sluice.png"
done
