#!/usr/bin/env bash
# Installs the built .deb with apt, checks the installed program, and removes it again.
# Runs as root (CI) or through sudo.
set -euo pipefail
deb=$(realpath "$1")
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== installing $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb"
test "$(command -v sluice)" = /usr/bin/sluice
sluice --version
for file in /usr/share/applications/sluice.desktop /usr/share/metainfo/sluice.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/sluice.svg /usr/share/icons/hicolor/48x48/apps/sluice.png \
    /usr/share/man/man1/sluice.1.gz; do
    test -f "$file" || { echo "missing: $file"; exit 1; }
done

echo "== headless download from the installed binary"
head -c 3000000 /dev/urandom > "$work/blob.bin"
sluice --headless --blob "$work/blob.bin" --port 0 --bind 127.0.0.1 >"$work/links" 2>"$work/log" &
server=$!
for _ in $(seq 50); do [ -s "$work/links" ] && break; sleep 0.1; done
link=$(head -n 1 "$work/links")
echo "$link"
curl --fail --silent --show-error --max-time 30 -o "$work/downloaded" "$link"
cmp "$work/blob.bin" "$work/downloaded"
kill -TERM "$server"
wait "$server"
server=

echo "== removing"
as_root env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y sluice
hash -r
if [ -e /usr/bin/sluice ] || dpkg-query -W -f='${Status}' sluice 2>/dev/null | grep -q "ok installed"; then
    echo "sluice is still installed"
    exit 1
fi
test ! -e /usr/share/applications/sluice.desktop
echo "package installs, serves and removes cleanly"
