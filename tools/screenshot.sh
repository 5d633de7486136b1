#!/usr/bin/env bash
# Renders the real Sluice window under Xvfb with two shares and live downloads (curl, rate-limited,
# over loopback) and saves a screenshot.
#   tools/screenshot.sh [OUTPUT.png]      default: docs/screenshot.png; needs tools/sluice-setup build
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$PWD/${SLUICE_BUILD_DIR:-build}/src/app/sluice

if [ "${1:-}" != --inside-xvfb ]; then
    output=$(realpath -m "${1:-docs/screenshot.png}")
    missing=()
    for tool in xvfb-run:xvfb import:imagemagick curl:curl xauth:xauth; do
        command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    exec 3>&1
    xvfb-run -a -s "-screen 0 1280x800x24" "$0" --inside-xvfb "$work" "$output"
    exit
fi

work=$2
output=$3
long="Фотографии из отпуска в Карелии — июль 2026, все кадры без обработки, с оригинальными именами.zip"
truncate -s 700M "$work/$long"
truncate -s 300M "$work/Slides – final.pdf"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Private settings: the picture shows defaults, not this machine's choices.
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

"$binary" --port "$port" --index --chunk-size 256K "$work/$long" "$work/Slides – final.pdf" \
    2>/dev/null &
app=$!
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
# The index links each share's page, /<token>/; the file is the page's folder and its name.
mapfile -t links < <(curl -s "http://127.0.0.1:$port/" | python3 -c '
import html, re, sys, urllib.parse
for href, name in re.findall(r"<a href=\"(/[^\"/]+/)\"[^>]*>([^<]+)</a>", sys.stdin.read()):
    print(href + urllib.parse.quote(html.unescape(name)))')
base=http://127.0.0.1:$port

curl -s -o /dev/null -r 0-49999999 "$base${links[1]}"                       # one that completed
curl -s -o /dev/null --limit-rate 9M "$base${links[0]}" &                   # whole file
curl -s -o /dev/null --limit-rate 4M -r 300000000- "$base${links[0]}" &     # a resumed download
curl -s -o /dev/null --limit-rate 6M "$base${links[1]}" &
curl -s -o /dev/null --limit-rate 2M "$base${links[1]}" &
sleep 8 # speeds and ETAs settle over their few-second window
mkdir -p "$(dirname "$output")"
import -window root "$output"
kill "$app"
echo "saved $output"
