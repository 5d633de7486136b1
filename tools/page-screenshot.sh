#!/usr/bin/env bash
# Renders a share's page as a 360x740 phone shows it (headless Chromium, light and dark) from a
# real headless Sluice, and puts the two side by side.
#   tools/page-screenshot.sh [OUTPUT.png]    default: docs/page.png; needs tools/sluice-setup build,
#                                             chromium, python3-websocket and imagemagick
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$PWD/${SLUICE_BUILD_DIR:-build}/src/app/sluice
output=$(realpath -m "${1:-docs/page.png}")
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

mkdir "$work/share"
head -c 48M /dev/urandom > "$work/share/Holiday photos 2026.zip"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
XDG_CACHE_HOME=$work/cache "$binary" --headless --bind 127.0.0.1 --port "$port" \
    --blob "$work/share/Holiday photos 2026.zip" > "$work/links" 2> /dev/null &
pid=$!
for _ in $(seq 100); do [ -s "$work/links" ] && break; sleep 0.1; done
link=$(head -1 "$work/links")
page=${link%/*}/
# The checksum is shown once it is known.
for _ in $(seq 100); do
    curl -sf -o /dev/null "$link.sha256" && break
    sleep 0.1
done
/usr/bin/python3 tests/support/browserdrive.py screenshot "$page" "$work/light.png"
/usr/bin/python3 tests/support/browserdrive.py screenshot "$page" "$work/dark.png" --dark
convert "$work/light.png" "$work/dark.png" -bordercolor '#888' -border 1 +append \
    -resize 50% "$output"
echo "$output"
